"""Write a copy of the shipped content/ folder with every article repeated SCALE times.

    python deploy/scaled_content.py 100 /tmp/content100

The copies keep their text (so rendering, citations and validation cost what the real ones do)
under new slugs and titles, in the same topics; references and treatments are shared. Used to
measure `load_content` and the pages at 10x and 100x content (docs/performance.md).
"""

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _numbered(title, copy):
    title = title.strip()
    if title[:1] in "\"'" and title[-1:] == title[:1]:
        return f"{title[:-1]} ({copy}){title[-1]}"
    return f"{title} ({copy})"


def write_scaled(scale, target):
    target = Path(target)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "content", target)
    for path in sorted((ROOT / "content" / "articles").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for copy in range(1, scale):
            slug = f"{path.stem[:40]}-copy-{copy}"
            scaled = re.sub(r"(?m)^slug:.*$", f"slug: {slug}", text, count=1)
            scaled = re.sub(
                r"(?m)^title: *(.*)$", lambda m, c=copy: f"title: {_numbered(m.group(1), c)}", scaled, count=1
            )
            (target / "articles" / f"{slug}.md").write_text(scaled, encoding="utf-8")


if __name__ == "__main__":
    write_scaled(int(sys.argv[1]), sys.argv[2])
