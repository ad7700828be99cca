"""The part of the schema.org vocabulary this site uses: each type with the properties it may have.

Checked against https://schema.org (version 29); a property listed for a type is defined on that
type or inherited by it. Tests hold every JSON-LD node on every page to this list.
"""

THING = {"name", "description", "url", "alternateName"}
CREATIVE_WORK = THING | {"about", "inLanguage", "publisher", "mainEntity", "dateModified", "headline"}
WEB_PAGE = CREATIVE_WORK | {"breadcrumb", "lastReviewed", "reviewedBy", "isPartOf"}

TYPES = {
    "MedicalWebPage": WEB_PAGE | {"medicalAudience"},
    "FAQPage": WEB_PAGE,
    "WebSite": CREATIVE_WORK,
    "BreadcrumbList": THING | {"itemListElement"},
    "ListItem": THING | {"position", "item"},
    "Question": CREATIVE_WORK | {"acceptedAnswer"},
    "Answer": CREATIVE_WORK | {"text"},
    "MedicalCondition": THING | {"code", "signOrSymptom", "cause", "possibleTreatment"},
    "MedicalCode": THING | {"code", "codingSystem"},
    "MedicalSignOrSymptom": THING,
    "MedicalCause": THING,
    "MedicalTherapy": THING,
    "TherapeuticProcedure": THING,
    "Organization": THING,
    "Person": THING | {"jobTitle", "honorificSuffix"},
    "MedicalAudience": THING | {"audienceType"},
}
# Properties whose value is a web address or a date, not text a reader sees.
URL_PROPERTIES = {"url", "item", "@id"}
DATE_PROPERTIES = {"lastReviewed", "dateModified"}
