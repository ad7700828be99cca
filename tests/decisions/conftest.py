import pytest

# Every answer to the guide, as the address carries it (fixture content: two priorities).
FULL = [
    ("t", "botox"),
    ("t", "watchful-waiting"),
    ("stage", "thinking"),
    ("k1", "false"),
    ("k2", "true"),
    ("k3", "unsure"),
    ("k4", "true"),
    ("p-avoid-surgery", "very"),
    ("p-lasting-relief", "not"),
    ("lean", "botox"),
    ("support", "yes"),
    ("pressure", "no"),
    ("role", "shared"),
    ("s1", "yes"),
    ("s2", "no"),
    ("s3", "yes"),
    ("s4", "yes"),
    ("next", "talk-doctor"),
    ("next", "read-more"),
]


@pytest.fixture
def loaded(_loaded_snapshot, db):
    """The five fixture treatments and two priorities, loaded once per session (tests/conftest.py), copied in."""
    _loaded_snapshot.restore()
