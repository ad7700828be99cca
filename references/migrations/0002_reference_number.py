from django.db import migrations, models


def number_references(apps, schema_editor):
    """Number the existing references in the order they were created (for the shipped set, the
    loader's order); stored article HTML, numbered per article until now, is cleared so
    references.rendering.render_stale renders it again after migrate."""
    Reference = apps.get_model("references", "Reference")
    for number, pk in enumerate(Reference.objects.order_by("pk").values_list("pk", flat=True), start=1):
        Reference.objects.filter(pk=pk).update(number=number)
    HistoricalReference = apps.get_model("references", "HistoricalReference")
    numbers = dict(Reference.objects.values_list("pk", "number"))
    for pk, number in numbers.items():
        HistoricalReference.objects.filter(id=pk).update(number=number)
    # References deleted before today keep a number of their own, so none is ever reused.
    deleted = HistoricalReference.objects.filter(number__isnull=True).order_by("id").values_list("id", flat=True)
    for number, pk in enumerate(dict.fromkeys(deleted), start=len(numbers) + 1):
        HistoricalReference.objects.filter(id=pk).update(number=number)
    Article = apps.get_model("articles", "Article")
    Article.objects.update(body_html="", key_points_html="")


class Migration(migrations.Migration):
    dependencies = [
        ("references", "0001_initial"),
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="reference",
            name="number",
            field=models.PositiveIntegerField(editable=False, null=True, verbose_name="number"),
        ),
        migrations.AddField(
            model_name="historicalreference",
            name="number",
            field=models.PositiveIntegerField(db_index=True, editable=False, null=True, verbose_name="number"),
        ),
        migrations.RunPython(number_references, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reference",
            name="number",
            field=models.PositiveIntegerField(editable=False, unique=True, verbose_name="number"),
        ),
        migrations.AlterField(
            model_name="historicalreference",
            name="number",
            field=models.PositiveIntegerField(db_index=True, editable=False, verbose_name="number"),
        ),
    ]
