"""Outcome.measure becomes a foreign key to Measure instead of a slug checked by hand.

The slug column is kept until each row (and each history row) points at the Measure with that
slug; a slug with no Measure gets one (labelled with its slug), so no outcome loses its measure.
"""

import django.db.models.deletion
from django.db import migrations, models

HELP = "What is counted, shared across treatments, so the comparison can put the same measures side by side."


def measures_by_slug(apps, slugs):
    Measure = apps.get_model("treatments", "Measure")
    found = Measure.objects.in_bulk(field_name="slug")
    for slug in sorted(set(slugs) - found.keys()):
        found[slug] = Measure.objects.create(slug=slug, label=slug.replace("-", " ").capitalize())
    return found


def slugs_to_keys(apps, schema_editor):
    for name in ("Outcome", "HistoricalOutcome"):
        model = apps.get_model("treatments", name)
        rows = list(model.objects.exclude(measure_slug=""))
        measures = measures_by_slug(apps, [row.measure_slug for row in rows])
        for row in rows:
            row.measure = measures[row.measure_slug]
        model.objects.bulk_update(rows, ["measure"], batch_size=500)


def keys_to_slugs(apps, schema_editor):
    for name in ("Outcome", "HistoricalOutcome"):
        model = apps.get_model("treatments", name)
        rows = list(model.objects.select_related("measure").filter(measure__isnull=False))
        for row in rows:
            row.measure_slug = row.measure.slug
        model.objects.bulk_update(rows, ["measure_slug"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('treatments', '0001_initial'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='outcome', name='outcome_measure_once_per_treatment'),
        migrations.RenameField(model_name='outcome', old_name='measure', new_name='measure_slug'),
        migrations.RenameField(model_name='historicaloutcome', old_name='measure', new_name='measure_slug'),
        migrations.AddField(
            model_name='outcome',
            name='measure',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='outcomes', to='treatments.measure', verbose_name='measure', help_text=HELP),
        ),
        migrations.AddField(
            model_name='historicaloutcome',
            name='measure',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='treatments.measure', verbose_name='measure', help_text=HELP),
        ),
        migrations.RunPython(slugs_to_keys, keys_to_slugs),
        # A default, so that migrating back can add the slug columns again before filling them.
        migrations.AlterField(model_name='outcome', name='measure_slug', field=models.SlugField(default='', max_length=80)),
        migrations.AlterField(model_name='historicaloutcome', name='measure_slug', field=models.SlugField(default='', max_length=80)),
        migrations.RemoveField(model_name='outcome', name='measure_slug'),
        migrations.RemoveField(model_name='historicaloutcome', name='measure_slug'),
        migrations.AlterField(
            model_name='outcome',
            name='measure',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='outcomes', to='treatments.measure', verbose_name='measure', help_text=HELP),
        ),
        migrations.AddConstraint(
            model_name='outcome',
            constraint=models.UniqueConstraint(fields=('treatment', 'measure'), name='outcome_measure_once_per_treatment', violation_error_message='This treatment already has an outcome for that measure.'),
        ),
    ]
