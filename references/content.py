"""Load step for the shipped references, content/references/*.yaml (see content/README.md)."""

from pathlib import Path

from core.content import field_values, loaded_fields, read_text, records_from_yaml_list, require, sync_object

from .models import Reference

REFERENCE_FIELDS = loaded_fields(Reference, exclude=["key"])


class ReferencesStep:
    label = "references"

    def parse(self, content_dir):
        records, seen = [], {}
        for path in sorted((Path(content_dir) / "references").glob("*.yaml")):
            for record in records_from_yaml_list(read_text(path), str(path)):
                require(record, "key")
                key = str(record.data["key"])
                if key in seen:
                    raise record.error(f"reference key {key!r} is already defined in {seen[key]}", "key")
                seen[key] = f"{record.path}, line {record.line}"
                records.append(record)
        return records

    def write(self, records, *, force, report):
        for record in records:
            data = record.data
            values = field_values(Reference, record, REFERENCE_FIELDS)
            sync_object(
                Reference,
                lookup={"key": str(data["key"])},
                values=values,
                record=record,
                fields=REFERENCE_FIELDS,
                force=force,
                report=report,
                label=f"reference {data['key']}",
            )
