"""Load steps for the shipped references and articles (see content/README.md)."""

from pathlib import Path

from core.content import (
    ContentError,
    Record,
    load_yaml,
    mapping_key_lines,
    records_from_yaml_list,
    require,
    sync_object,
    to_date,
    to_datetime,
)

from .models import Article, Category, Reference

REFERENCE_FIELDS = ["authors", "year", "title", "journal", "pmid", "doi", "url", "quality", "note"]
ARTICLE_FIELDS = [
    "title", "summary", "body", "key_points", "category", "order", "status", "published_at",
    "last_reviewed", "next_review_due", "reviewer_name", "reviewer_credentials",
]  # fmt: skip


class ReferencesStep:
    label = "references"

    def parse(self, content_dir):
        records, seen = [], {}
        for path in sorted((Path(content_dir) / "references").glob("*.yaml")):
            for record in records_from_yaml_list(path.read_text(encoding="utf-8"), str(path)):
                require(record, "key", "title")
                key = str(record.data["key"])
                if key in seen:
                    raise record.error(f"reference key {key!r} is already defined in {seen[key]}", "key")
                seen[key] = f"{record.path}, line {record.line}"
                records.append(record)
        return records

    def write(self, records, *, force, report):
        for record in records:
            data = record.data
            values = {
                name: data.get(name) if name == "year" else str(data.get(name) or "") for name in REFERENCE_FIELDS
            }
            values["quality"] = values["quality"] or Reference.Quality.STANDARD
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


def parse_front_matter(text, path):
    """Split '---' front matter from the Markdown body; return (Record, body)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentError(path, 1, "the file must start with a '---' line opening the front matter")
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            break
    else:
        raise ContentError(path, 1, "the front matter is not closed by a '---' line")
    meta, node = load_yaml("".join(lines[1:index]), path, first_line=2)
    if not isinstance(meta, dict):
        raise ContentError(path, 2, "the front matter must be a mapping of field: value")
    record = Record(meta, path, 1, mapping_key_lines(node, first_line=2))
    # Stripped as the admin form strips it, so saving a page unchanged in admin is not an edit.
    return record, "".join(lines[index + 1 :]).strip()


def key_points_markdown(record):
    """The front matter's optional `key_points:` list as one Markdown list ("" without one)."""
    points = record.data.get("key_points")
    if points is None:
        return ""
    if not isinstance(points, list) or not all(isinstance(point, str) and point.strip() for point in points):
        raise record.error("key_points must be a list of short sentences, one per '- ' line", "key_points")
    return "\n".join(f"- {' '.join(point.split())}" for point in points)


class ArticlesStep:
    label = "articles"

    def parse(self, content_dir):
        parsed = []
        for path in sorted((Path(content_dir) / "articles").glob("*.md")):
            record, body = parse_front_matter(path.read_text(encoding="utf-8"), str(path))
            require(record, "title", "category", "summary", "last_reviewed", "next_review_due", "reviewer_name")
            slug = record.data.get("slug") or path.stem
            if slug != path.stem:
                raise record.error(f"slug {slug!r} must match the file name {path.stem!r}", "slug")
            if record.data["category"] not in Category.values:
                raise record.error(
                    f"unknown category {record.data['category']!r}; use one of {', '.join(Category.values)}", "category"
                )
            status = record.data.get("status", Article.Status.PUBLISHED)
            if status not in Article.Status.values:
                raise record.error(f"status must be draft or published, not {status!r}", "status")
            record.data["body"] = body
            values = {
                "title": str(record.data["title"]),
                "summary": str(record.data["summary"]).strip(),
                "body": body,
                "key_points": key_points_markdown(record),
                "category": record.data["category"],
                "order": int(record.data.get("order", 100)),
                "status": status,
                "published_at": to_datetime(record, "published_at"),
                "last_reviewed": to_date(record, "last_reviewed"),
                "next_review_due": to_date(record, "next_review_due"),
                "reviewer_name": str(record.data["reviewer_name"]),
                "reviewer_credentials": str(record.data.get("reviewer_credentials") or ""),
            }
            parsed.append((record, slug, values))
        return parsed

    def write(self, parsed, *, force, report):
        for record, slug, values in parsed:
            sync_object(
                Article,
                lookup={"slug": slug},
                values=values,
                record=record,
                fields=ARTICLE_FIELDS,
                force=force,
                report=report,
                label=f"article {slug}",
            )
