"""Load step for the shipped articles (see content/README.md)."""

from pathlib import Path

from core.content import (
    ContentError,
    Record,
    field_values,
    load_yaml,
    loaded_fields,
    mapping_key_lines,
    read_text,
    sync_object,
    to_datetime,
)

from .models import Article

ARTICLE_FIELDS = loaded_fields(Article, exclude=["slug"])


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
            record, body = parse_front_matter(read_text(path), str(path))
            slug = record.data.get("slug") or path.stem
            if slug != path.stem:
                raise record.error(f"slug {slug!r} must match the file name {path.stem!r}", "slug")
            record.data["body"] = body
            # key_points is a YAML list in the file, joined into one Markdown list below.
            scalar_fields = [name for name in ARTICLE_FIELDS if name != "key_points"]
            values = field_values(Article, record, scalar_fields, defaults={"status": Article.Status.PUBLISHED})
            # A date alone means midnight UTC (a datetime field would read it in the site's zone).
            values["published_at"] = to_datetime(record, "published_at")
            values["key_points"] = key_points_markdown(record)
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
