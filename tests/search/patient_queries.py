"""Real questions patients type, each with the page that answers it (symptoms, treatment names,
fears, everyday life, and misspellings). The quality test wants the page in the top 3."""

WHAT_IS = "/articles/what-is-hemifacial-spasm/"
CAUSES = "/articles/causes-of-hemifacial-spasm/"
SYMPTOMS = "/articles/symptoms-and-progression/"
DIAGNOSIS = "/articles/getting-a-diagnosis/"
BOTOX = "/articles/botox-injections/"
MVD = "/articles/microvascular-decompression-surgery/"
RECOVERY = "/articles/recovery-after-microvascular-decompression/"
MEDICATION = "/articles/medication/"
ALTERNATIVES = "/articles/alternative-and-complementary-approaches/"
CHOOSING = "/articles/choosing-a-treatment/"
LIVING = "/articles/living-with-hemifacial-spasm/"
SELF_CARE = "/articles/self-care-and-triggers/"
OUTLOOK = "/articles/long-term-outlook/"
DOCTOR_QUESTIONS = "/articles/questions-to-ask-your-doctor/"
GLOSSARY = "/articles/glossary/"
FAQ = "/articles/frequently-asked-questions/"
ABOUT = "/articles/about-this-site/"
WAITING = "/treatments/watchful-waiting/"

PATIENT_QUERIES = [
    # Symptoms, in the reader's words
    ("eye twitching one side", WHAT_IS),
    ("left side of my face keeps twitching", WHAT_IS),
    ("twitching spreading to my mouth", SYMPTOMS),
    ("spasms during sleep", SYMPTOMS),
    ("eyebrow goes up when eye closes", SYMPTOMS),
    # What it is and why
    ("what causes face spasms", CAUSES),
    ("is hemifacial spasm hereditary", CAUSES),
    ("blood vessel pressing on nerve", CAUSES),
    ("how common is hfs", WHAT_IS),
    # Tests
    ("mri scan for facial twitching", DIAGNOSIS),
    ("how do doctors diagnose it", DIAGNOSIS),
    ("emg lateral spread", DIAGNOSIS),
    # Treatment names and questions about them
    ("botox stopped working", BOTOX),
    ("how long does a botox injection last", BOTOX),
    ("droopy eyelid after injections", BOTOX),
    ("carbamazepine", MEDICATION),
    ("tablets for spasm side effects", MEDICATION),
    ("acupuncture", ALTERNATIVES),
    ("which treatment is best for me", CHOOSING),
    ("what if I do nothing", WAITING),
    # Fears
    ("brain surgery for face spasm risks", MVD),
    ("mvd hearing loss", MVD),
    ("is it a brain tumour", FAQ),
    ("will it shorten my life", OUTLOOK),
    ("facial weakness after operation", RECOVERY),
    # Everyday life
    ("can i still drive", LIVING),
    ("embarrassed at work", LIVING),
    ("stress makes it worse", SELF_CARE),
    ("questions to ask my neurologist", DOCTOR_QUESTIONS),
    ("what does blepharospasm mean", GLOSSARY),
    ("who checks this information", ABOUT),
    # Misspellings
    ("hemifacial spazm", WHAT_IS),
    ("botax", BOTOX),
    ("microvascular decompresion", MVD),
    ("carbamazapine", MEDICATION),
    ("accupuncture", ALTERNATIVES),
]
