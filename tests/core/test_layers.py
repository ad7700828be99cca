"""The apps form layers that import downward only (README, "Layers").

Every project module's imports are read with `ast` (including imports inside functions, which
is where a cycle likes to hide) and each must point at its own layer or a lower one. Lower
layers learn about higher ones by registration (AppConfig attributes and ready()), never by
importing them.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

# Bottom to top. A new app must be given a layer here, or the test fails and says so.
LAYERS = [
    {"core"},
    {"references"},
    {"articles", "treatments"},
    {"editorial", "sharing", "handouts", "search", "decisions"},
    {"home", "hfs_site"},
]
# An app's admin module is the editorial interface of its models: it sits in editorial's layer.
ADMIN_LAYER = 3
SKIPPED_DIRS = {"tests", "node_modules", "static", "templates", "content", "docs", "media", "locale"}


def project_packages(root):
    """The top-level Python packages of the project (folders holding an __init__.py)."""
    return {
        path.parent.name
        for path in Path(root).glob("*/__init__.py")
        if not path.parent.name.startswith(".") and path.parent.name not in SKIPPED_DIRS
    }


def layer_of_package(package, layers):
    for index, packages in enumerate(layers):
        if package in packages:
            return index
    return None


def layer_of_module(relative_path, layers):
    parts = relative_path.with_suffix("").parts
    if len(parts) > 1 and parts[1] == "admin":
        return ADMIN_LAYER
    return layer_of_package(parts[0], layers)


def imported_modules(path, relative_path):
    """Absolute names of every module imported by the file, wherever the import statement is."""
    tree = ast.parse(path.read_bytes(), filename=str(path))
    package = list(relative_path.parent.parts)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module
            yield node.lineno, module


def violations(root, layers=LAYERS):
    """['path:line imports x (layer n) from layer m', ...] for every import that points upward."""
    root = Path(root)
    packages = project_packages(root)
    unassigned = sorted(p for p in packages if layer_of_package(p, layers) is None)
    if unassigned:
        return [f"{name}/ has no layer: add it to LAYERS in tests/core/test_layers.py" for name in unassigned]
    found = []
    for package in sorted(packages):
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root)
            own = layer_of_module(relative, layers)
            for line, module in imported_modules(path, relative):
                target = module.split(".")[0]
                if target not in packages or target == package:
                    continue
                target_layer = layer_of_module(Path(*module.split(".")), layers)
                if target_layer > own:
                    found.append(f"{relative}:{line} imports {module} (layer {target_layer}) from layer {own}")
    return found


def app_cycles(root, layers=LAYERS):
    """Pairs of apps that import each other (allowed within a layer one way only)."""
    root = Path(root)
    packages = project_packages(root)
    edges = set()
    for package in packages:
        for path in (root / package).rglob("*.py"):
            relative = path.relative_to(root)
            if layer_of_module(relative, layers) != layer_of_package(package, layers):
                continue  # admin modules are judged by their own layer
            for _line, module in imported_modules(path, relative):
                target = module.split(".")[0]
                if target in packages and target != package:
                    edges.add((package, target))
    return sorted((a, b) for a, b in edges if (b, a) in edges and a < b)


def test_no_module_imports_from_a_higher_layer():
    assert violations(settings.BASE_DIR) == []


def test_no_two_apps_import_each_other():
    assert app_cycles(settings.BASE_DIR) == []


def write(root, name, text=""):
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def tiny_project(tmp_path):
    for package in ["core", "references", "articles", "editorial", "hfs_site"]:
        write(tmp_path, f"{package}/__init__.py")
    write(tmp_path, "core/text.py", "import re\n")
    write(tmp_path, "articles/models.py", "from core.text import re\nfrom references import models\n")
    write(tmp_path, "articles/admin.py", "from editorial.admin import EditorialAdmin\n")
    write(tmp_path, "hfs_site/urls.py", "from articles import models\n")
    return tmp_path


def test_a_clean_project_passes(tiny_project):
    assert violations(tiny_project) == []


def test_a_planted_upward_import_fails(tiny_project):
    write(tiny_project, "core/bad.py", "def f():\n    from articles.models import Article\n")
    assert violations(tiny_project) == ["core/bad.py:2 imports articles.models (layer 2) from layer 0"]


def test_relative_imports_are_resolved_to_their_package(tiny_project):
    write(tiny_project, "references/sub/__init__.py")
    write(tiny_project, "references/sub/thing.py", "from ..models import x\nfrom . import y\n")
    path = tiny_project / "references/sub/thing.py"
    found = list(imported_modules(path, path.relative_to(tiny_project)))
    assert found == [(1, "references.models"), (2, "references.sub")]
    assert violations(tiny_project) == []


def test_a_domain_module_may_not_import_admin_code(tiny_project):
    write(tiny_project, "articles/views.py", "from articles import admin\nfrom editorial import admin as ea\n")
    assert violations(tiny_project) == ["articles/views.py:2 imports editorial (layer 3) from layer 2"]


def test_an_app_without_a_layer_is_named(tiny_project):
    write(tiny_project, "newapp/__init__.py")
    assert violations(tiny_project) == ["newapp/ has no layer: add it to LAYERS in tests/core/test_layers.py"]


def test_apps_importing_each_other_are_named(tiny_project):
    write(tiny_project, "references/models.py", "from articles import models\n")
    assert ("articles", "references") in app_cycles(tiny_project)
