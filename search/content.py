"""Load step for the shipped synonym groups (content/search-synonyms.yaml)."""

from pathlib import Path

from core.content import records_from_yaml_list, require, sync_object

from .models import Synonym

SYNONYM_FIELDS = ["terms"]
SYNONYMS_FILE = "search-synonyms.yaml"


class SynonymsStep:
    label = "search synonyms"

    def parse(self, content_dir):
        path = Path(content_dir) / SYNONYMS_FILE
        if not path.exists():
            return []
        records, seen = [], set()
        for record in records_from_yaml_list(path.read_text(encoding="utf-8"), str(path)):
            require(record, "name", "terms")
            name = str(record.data["name"])
            if name in seen:
                raise record.error(f"synonym group {name!r} appears twice", "name")
            seen.add(name)
            records.append(record)
        return records

    def write(self, records, *, force, report):
        for record in records:
            terms = record.data["terms"]
            if isinstance(terms, list):
                terms = ", ".join(str(term) for term in terms)
            sync_object(
                Synonym,
                lookup={"name": str(record.data["name"])},
                values={"terms": str(terms)},
                record=record,
                fields=SYNONYM_FIELDS,
                force=force,
                report=report,
                label=f"synonym group {record.data['name']}",
            )
