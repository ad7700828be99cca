# Reference and Citation move to the `references` app. Reference keeps its tables (state-only
# move, see references/migrations/0001_initial.py); Citation becomes a generic citation of any
# page, so its rows are copied into references_citation before articles_citation is dropped.

from django.db import migrations


def copy_citations(apps, schema_editor):
    OldCitation = apps.get_model("articles", "Citation")
    NewCitation = apps.get_model("references", "Citation")
    ContentType = apps.get_model("contenttypes", "ContentType")
    article_type, _ = ContentType.objects.get_or_create(app_label="articles", model="article")
    NewCitation.objects.bulk_create(
        NewCitation(content_type=article_type, object_id=old.article_id, reference_id=old.reference_id, number=old.number)
        for old in OldCitation.objects.all()
    )


def copy_citations_back(apps, schema_editor):
    OldCitation = apps.get_model("articles", "Citation")
    NewCitation = apps.get_model("references", "Citation")
    OldCitation.objects.bulk_create(
        OldCitation(article_id=new.object_id, reference_id=new.reference_id, number=new.number)
        for new in NewCitation.objects.filter(content_type__app_label="articles", content_type__model="article")
    )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0004_changed_since_review'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('references', '0001_initial'),
        ('treatments', '0004_reference_moved_to_references_app'),
    ]

    operations = [
        migrations.RunPython(copy_citations, copy_citations_back),
        migrations.RemoveField(
            model_name='article',
            name='references',
        ),
        migrations.DeleteModel(
            name='Citation',
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='HistoricalReference',
                ),
                migrations.DeleteModel(
                    name='Reference',
                ),
            ],
        ),
    ]
