"""The migrations: squashed to one fresh start per app, and independent of the project's live code.

A migration that imports project code breaks when that code changes later, and runs today's
logic against yesterday's tables. Fields whose options live in project code (the upload folder of
article images) leave them out of their migrations instead.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from articles.models import ArticleImage


def project_packages():
    return {path.parent.name for path in Path(settings.BASE_DIR).glob("*/__init__.py")}


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            # A relative import (level > 0) is project code by definition.
            yield ("." * node.level) + (node.module or "")


def test_no_migration_imports_project_code():
    packages = project_packages()
    assert {"articles", "core", "treatments"} <= packages
    migrations = sorted(Path(settings.BASE_DIR).glob("*/migrations/0*.py"))
    assert len(migrations) >= 6
    offending = [
        f"{path.relative_to(settings.BASE_DIR)} imports {module}"
        for path in migrations
        for module in imported_modules(path)
        if module.startswith(".") or module.split(".")[0] in packages
    ]
    assert offending == []


def test_the_import_check_would_see_a_project_import(tmp_path):
    # The check above must be able to fail: a migration like the old articles/0003 is caught.
    old = tmp_path / "0003_fill_reading_grade.py"
    old.write_text("from django.db import migrations\nfrom core.readability import readability_grade\n")
    assert [m for m in imported_modules(old) if m.split(".")[0] in project_packages()] == ["core.readability"]


@pytest.mark.django_db
def test_each_app_starts_from_one_fresh_initial_migration():
    loader = MigrationLoader(connection)
    apps = {label for label, name in loader.disk_migrations} & project_packages()
    assert {"articles", "references", "treatments", "handouts", "editorial", "search"} <= apps
    for app in apps:
        names = sorted(name for label, name in loader.disk_migrations if label == app)
        assert names[0] == "0001_initial", app
        # Nothing left from the chain the squash replaced.
        assert not any(loader.disk_migrations[app, name].replaces for name in names), app
    # Kept on purpose: the full-text set-up and the tested slug-to-foreign-key data migration.
    assert ("search", "0002_full_text") in loader.disk_migrations
    assert ("treatments", "0002_outcome_measure_foreign_key") in loader.disk_migrations


def test_article_images_keep_their_random_folder_out_of_migrations():
    field = ArticleImage._meta.get_field("image")
    name, path, args, kwargs = field.deconstruct()
    assert path == "django.db.models.ImageField"
    assert kwargs["upload_to"] == ""
    # Uploads still go to a fresh random folder each time.
    first, second = field.generate_filename(None, "nerve.png"), field.generate_filename(None, "nerve.png")
    assert first.startswith("images/") and first.endswith("/nerve.png")
    assert first != second
