from django.db import migrations

from core.readability import readability_grade


def fill_reading_grade(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.filter(reading_grade__isnull=True).only("pk", "body_html"):
        Article.objects.filter(pk=article.pk).update(reading_grade=readability_grade(article.body_html))


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_history_images_change_notes")]

    operations = [migrations.RunPython(fill_reading_grade, migrations.RunPython.noop)]
