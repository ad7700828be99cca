"""treatments/migrations/0002: Outcome.measure turns from a slug into a foreign key, keeping the data.

The shipped treatments file is written into the database as it stood before the migration (slugs),
then the migration runs and every outcome must point at the measure its slug named.
"""

import pytest
import yaml
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from treatments.models import Treatment as LiveTreatment

# Before the site-wide reference numbers too (references/0002), which the old rows here lack.
BEFORE = [("treatments", "0001_initial"), ("references", "0001_initial")]
AFTER = [("treatments", "0002_outcome_measure_foreign_key")]
TEXT_FIELDS = [
    "summary",
    "how_it_works",
    "before",
    "during",
    "after",
    "onset",
    "duration",
    "recovery",
    "evidence_level",
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def shipped():
    return yaml.safe_load((settings.BASE_DIR / "content" / "treatments.yaml").read_text(encoding="utf-8"))


def write_old_rows(apps, data):
    Reference = apps.get_model("references", "Reference")
    Treatment = apps.get_model("treatments", "Treatment")
    Measure = apps.get_model("treatments", "Measure")
    Outcome = apps.get_model("treatments", "Outcome")
    # One measure is left out of the Measure table: the migration must create it, not drop the rows.
    left_out = data["measures"][0]["slug"]
    for position, measure in enumerate(data["measures"]):
        if measure["slug"] != left_out:
            Measure.objects.create(slug=measure["slug"], label=measure["label"], order=position)
    keys = {outcome["reference"] for item in data["treatments"] for outcome in item.get("outcomes", [])}
    references = {key: Reference.objects.create(key=key, title=key) for key in keys}
    expected = {}
    for item in data["treatments"]:
        treatment = Treatment.objects.create(
            slug=item["slug"],
            name=item["name"],
            kind=item["kind"],
            last_reviewed=item["last_reviewed"],
            next_review_due=item["next_review_due"],
            reviewer_name=item["reviewer_name"],
            **dict.fromkeys(LiveTreatment.TEXT_FIELDS, "Text."),
        )
        for order, outcome in enumerate(item.get("outcomes", [])):
            row = Outcome.objects.create(
                treatment=treatment,
                measure=outcome["measure"],
                label=outcome["label"],
                direction=outcome["direction"],
                value=outcome["value"],
                low=outcome["low"],
                high=outcome["high"],
                time_frame=outcome["time_frame"],
                population=outcome["population"],
                certainty=outcome["certainty"],
                reference=references[outcome["reference"]],
                order=order,
            )
            expected[row.pk] = outcome["measure"]
    return expected, left_out


@pytest.mark.django_db(transaction=True)
def test_every_outcome_points_at_the_measure_its_slug_named():
    data = shipped()
    try:
        old_apps = migrate(BEFORE)
        expected, left_out = write_old_rows(old_apps, data)
        assert len(expected) >= 10

        new_apps = migrate(AFTER)
        Outcome = new_apps.get_model("treatments", "Outcome")
        found = dict(Outcome.objects.values_list("pk", "measure__slug"))
        assert found == expected
        # The measure missing from the Measure table was created rather than lost.
        assert new_apps.get_model("treatments", "Measure").objects.filter(slug=left_out).exists()

        # And back: the slugs come back from the keys.
        old_apps = migrate(BEFORE)
        assert dict(old_apps.get_model("treatments", "Outcome").objects.values_list("pk", "measure")) == expected
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
