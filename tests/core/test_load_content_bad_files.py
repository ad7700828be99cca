"""Files that used to crash the loader (or could make it eat the machine) now stop it cleanly:
the file and line are named, and nothing is written."""

import pytest
from django.core.management import CommandError

from articles.models import Article
from core import content
from references.models import Reference
from tests.core.test_load_content import ARTICLE, REFERENCES, load

pytestmark = pytest.mark.django_db

ARTICLE_PATH = "articles/what-is-hemifacial-spasm.md"


@pytest.fixture
def content_dir(tmp_path):
    (tmp_path / "references").mkdir()
    (tmp_path / "articles").mkdir()
    (tmp_path / "references" / "main.yaml").write_text(REFERENCES)
    (tmp_path / ARTICLE_PATH).write_text(ARTICLE)
    return tmp_path


def refused(content_dir, filename, line, message):
    with pytest.raises(CommandError) as excinfo:
        load(content_dir)
    text = str(excinfo.value)
    assert f"{filename}, line {line}: " in text
    assert message in text
    assert "Nothing was loaded" in text
    assert not Article.objects.exists()
    assert not Reference.objects.exists()
    return text


def test_a_file_that_is_not_utf8_is_named_with_the_line_of_the_bad_byte(content_dir):
    text = ARTICLE.replace("summary: A short summary.", "summary: Caf\xe9 au lait.")
    (content_dir / ARTICLE_PATH).write_bytes(text.encode("latin-1"))
    refused(content_dir, "what-is-hemifacial-spasm.md", 5, "not UTF-8 text (byte 0xe9)")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "order: “abc” value must be an integer."),
        ("[1]", "order must be a single value, not a list or a mapping"),
        (".inf", "order: “inf” value must be an integer."),
        ("-3", "order: Ensure this value is greater than or equal to 0."),
        ("1.5", "order: “1.5” value must be an integer."),
    ],
    ids=["text", "list", "infinity", "negative", "fraction"],
)
def test_a_bad_order_is_refused_by_the_model_with_its_line(content_dir, value, message):
    (content_dir / ARTICLE_PATH).write_text(ARTICLE.replace("order: 10", f"order: {value}"))
    refused(content_dir, "what-is-hemifacial-spasm.md", 6, message)


def test_an_infinite_figure_in_an_outcome_is_refused(tmp_path):
    from tests.treatments.content_fixture import content_data, dump, write_content

    data = content_data()
    data["treatments"][0]["outcomes"][0]["value"] = float("inf")
    write_content(tmp_path, data)
    text = dump(data)
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "value: .inf" in row)
    refused(tmp_path, "treatments.yaml", line, "value: “inf” value must be a decimal number.")


def test_deep_nesting_is_refused_before_it_is_built(content_dir):
    (content_dir / "treatments.yaml").write_text("aspects:\n  - " + "[" * 5000 + "]" * 5000 + "\n")
    refused(content_dir, "treatments.yaml", 2, f"nested more than {content.MAX_NESTING} levels deep")


def test_an_alias_bomb_is_refused_before_it_expands(content_dir):
    bomb = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        previous, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        bomb.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    (content_dir / "references" / "bomb.yaml").write_text(
        "- key: bomb\n  title: x\n  note:\n    " + "\n    ".join(bomb)
    )
    refused(content_dir, "bomb.yaml", 4, "anchors and aliases (& and *) are not allowed")


def test_a_single_alias_is_refused_too(content_dir):
    (content_dir / "references" / "alias.yaml").write_text("- &one\n  key: one\n  title: One\n- *one\n")
    refused(content_dir, "alias.yaml", 1, "anchors and aliases")


def test_a_file_over_the_size_limit_is_refused_before_parsing(content_dir, monkeypatch):
    monkeypatch.setattr(content, "MAX_FILE_BYTES", 10_000)
    # Not even valid YAML: had it been parsed, the message would be about the YAML.
    (content_dir / "references" / "huge.yaml").write_text("[" * 20_000)
    refused(content_dir, "huge.yaml", 1, "the file is 20,000 bytes; the limit is 10,000")


def test_the_default_size_limit_is_one_megabyte():
    assert content.MAX_FILE_BYTES == 1_000_000


def test_a_content_folder_that_does_not_exist_is_named(tmp_path):
    missing = tmp_path / "no-such-folder"
    with pytest.raises(CommandError, match="no such content folder. Nothing was loaded."):
        load(missing)
    assert not Article.objects.exists()


def test_the_fast_c_parser_is_used_when_pyyaml_has_it():
    import yaml

    if getattr(yaml, "CSafeLoader", None) is None:
        pytest.skip("PyYAML was built without libyaml")
    assert content.SafeLoader is yaml.CSafeLoader
