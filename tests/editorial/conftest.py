# The editorial fixtures now live in tests/conftest.py and form_data in tests/admin_forms.py;
# both names stay importable from here for tests that say `from .conftest import ...`.
from tests.admin_forms import form_data  # noqa: F401
from tests.conftest import _member  # noqa: F401
