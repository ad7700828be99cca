"""A typical set of answers to the guide, on the shipped content: two options considered, four
priorities marked (two very, two somewhat), every step answered."""

TYPICAL = (
    "t=botox&t=microvascular-decompression&stage=thinking&k1=false&k2=true&k3=unsure&k4=false"
    "&p-avoid-surgery=very&p-lasting-relief=very&p-avoid-side-effects=somewhat&p-few-appointments=somewhat"
    "&lean=unsure&support=yes&pressure=no&role=shared&s1=no&s2=yes&s3=yes&s4=no&next=talk-doctor"
)
# What the printed sheet must still hold, from the top of the page to its end.
ON_THE_SHEET = (
    "My summary for my appointment",
    "Very important: Avoiding an operation",
    "Fewer than four",
    "Questions for my doctor",
    "The options I am considering, in short",
    "How strong is the evidence?",
    "References",
    "PMID",
    "does not replace advice",
)
