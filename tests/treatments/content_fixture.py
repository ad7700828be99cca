"""A small content folder with five treatments, written the way content/treatments.yaml is."""

from io import StringIO

import yaml
from django.core.management import call_command

SLUGS = ["botox", "microvascular-decompression", "medication", "alternative-therapies", "watchful-waiting"]
NAMES = ["Botox injections", "MVD surgery", "Medicines", "Other therapies", "Watchful waiting"]
KINDS = ["injection", "surgery", "medication", "complementary", "none"]

REFERENCES = """\
- key: miller2012
  authors: Miller LE, Miller VM
  year: 2012
  title: Safety and effectiveness of microvascular decompression
  journal: Br J Neurosurg
  pmid: "22168965"
- key: wang1998
  authors: Wang A, Jankovic J
  year: 1998
  title: "Hemifacial spasm: clinical findings and treatment"
  journal: Muscle Nerve
  pmid: "9843077"
- key: defazio2002
  authors: Defazio G, Abbruzzese G
  year: 2002
  title: Botulinum toxin A treatment for primary hemifacial spasm
  journal: Arch Neurol
  doi: 10.1001/archneur.59.3.418
"""


def treatment_data(index):
    slug, name = SLUGS[index], NAMES[index]
    text = f"About {index + 1} in 10 people with {name} notice it [@miller2012]."
    data = {
        "slug": slug,
        "name": name,
        "kind": KINDS[index],
        "order": (index + 1) * 10,
        "summary": f"{name} in one plain sentence.",
        "how_it_works": text,
        "before": "You talk it through with your doctor.",
        "during": "It takes a short time.",
        "after": "You go home [@wang1998].",
        "onset": "Within days [@wang1998].",
        "duration": "Months [@defazio2002].",
        "recovery": "Quick.",
        "evidence_level": "Moderate [@miller2012].",
        "last_reviewed": "2026-11-20",
        "next_review_due": "2027-11-19",
        "reviewer_name": "HFS Guide editorial team",
        "reviewer_credentials": "Editorial review",
        "references": ["miller2012", "defazio2002"],
        "answers": {
            "effectiveness": {
                "summary": f"{name} works for many [@miller2012].",
                "advantages": [{"text": f"{name} helps about 9 in 10.", "references": ["miller2012"]}],
                "disadvantages": [{"text": "It does not help everyone.", "references": ["wang1998"]}],
            },
            "risks": {
                "summary": "Mostly mild.",
                "advantages": [{"text": "Serious harm is rare.", "references": ["defazio2002"]}],
                "disadvantages": [
                    {"text": "Some get side effects.", "references": ["wang1998"]},
                    {"text": "A few have lasting ones, about 1 in 100.", "references": ["miller2012"]},
                ],
            },
        },
        "priorities": {
            "avoid-surgery": {
                "fit": "poor" if slug == "microvascular-decompression" else "good",
                "reason": f"{name} and operations.",
            },
            "lasting-relief": {"fit": "partial", "reason": f"{name} and lasting relief."},
        },
        "outcomes": [],
    }
    if slug in ("botox", "microvascular-decompression"):
        data["outcomes"] = [
            {
                "measure": "relief",
                "label": f"Free of spasm after {name}",
                "direction": "benefit",
                "value": 91.1,
                "low": 73,
                "high": 98.4,
                "time_frame": "About 3 years later",
                "population": "5,685 people in 22 studies",
                "certainty": "moderate",
                "reference": "miller2012",
                "note": "Definitions differ [@wang1998].",
            },
            {
                "measure": f"harm-{slug}",
                "label": "Stroke or death",
                "direction": "harm",
                "value": 0.1,
                "low": 0,
                "high": 0.1,
                "time_frame": "Soon after",
                "population": "Pooled studies",
                "certainty": "low",
                "reference": "miller2012",
            },
        ]
    return data


def content_data(count=5):
    return {
        "aspects": [
            {"slug": "effectiveness", "question": "How well does it work?", "order": 10},
            {"slug": "risks", "question": "What are the side effects and risks?", "order": 20},
        ],
        "priorities": [
            {"slug": "avoid-surgery", "label": "Avoiding an operation", "question": "Can I avoid an operation?"},
            {"slug": "lasting-relief", "label": "Relief that lasts"},
        ],
        "measures": [{"slug": "relief", "label": "Free of spasm", "order": 10}]
        + [{"slug": f"harm-{slug}", "label": f"Harm of {slug}", "order": 20 + n} for n, slug in enumerate(SLUGS)],
        "treatments": [treatment_data(index) for index in range(count)],
    }


def dump(data):
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def write_content(path, data=None):
    (path / "references").mkdir(exist_ok=True)
    (path / "articles").mkdir(exist_ok=True)
    (path / "references" / "main.yaml").write_text(REFERENCES)
    (path / "treatments.yaml").write_text(dump(content_data() if data is None else data))
    return path


def load(path, *args):
    out = StringIO()
    call_command("load_content", "--path", str(path), *args, stdout=out)
    return out.getvalue()
