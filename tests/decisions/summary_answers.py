"""A typical set of answers to the guide, on the shipped content: two options considered, four
priorities marked (two very, two somewhat), every step answered."""

TYPICAL = (
    "t=botox&t=microvascular-decompression&stage=thinking&k1=false&k2=true&k3=unsure&k4=false"
    "&p-avoid-surgery=very&p-lasting-relief=very&p-avoid-side-effects=somewhat&p-few-appointments=somewhat"
    "&lean=unsure&support=yes&pressure=no&role=shared&s1=no&s2=yes&s3=yes&s4=no&next=talk-doctor"
)


def considering(*slugs):
    """The typical answers with other options considered (in this order)."""
    return TYPICAL.replace("t=botox&t=microvascular-decompression", "&".join(f"t={slug}" for slug in slugs))


def option_count(query):
    return sum(pair.startswith("t=") for pair in query.split("&"))


# The sets of options that make the longest summaries: the two and the three options with the
# longest answers, and the three with the most headline figures (each adds rows of figures).
LONGEST = {
    "two": considering("botox", "microvascular-decompression"),
    "three-longest-answers": considering("microvascular-decompression", "botox", "medication"),
    "three-most-figures": considering("microvascular-decompression", "botox", "watchful-waiting"),
}
# What the printed sheet must still hold, from the top of the page to its end.
ON_THE_SHEET = (
    "My summary for my appointment",
    "Very important: Avoiding an operation",
    "Fewer than four",
    "Questions for my doctor",
    "The options I am considering, in short",
    # The glance's headline figures: both frames, the time frame, and the row's missing figure.
    "About 89 in 100 people:",
    "About 11 in 100 did not.",
    "When:",
    "No reliable figure for",
    "How strong is the evidence?",
    "References",
    "PMID",
    "does not replace advice",
)
