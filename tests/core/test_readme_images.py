"""The README's pictures are real files in docs/images/: PNG screenshots small enough for a
repository (under 300 KB), the glance's taken at 1280 px."""

import re
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
IMAGE = re.compile(r"!\[([^\]]+)\]\(([^)]+)\)")


def test_every_readme_image_is_a_small_png_in_docs_images():
    images = IMAGE.findall((ROOT / "README.md").read_text())
    assert images, "the README shows no screenshot"
    for alt, path in images:
        assert alt.strip()
        assert path.startswith("docs/images/") and path.endswith(".png"), path
        file = ROOT / path
        assert file.is_file(), path
        assert file.stat().st_size < 300_000, f"{path}: {file.stat().st_size} bytes"
        with Image.open(file) as image:
            assert image.format == "PNG"
    assert "docs/images/glance.png" in [path for _alt, path in images]
    with Image.open(ROOT / "docs/images/glance.png") as image:
        assert image.width == 1280
