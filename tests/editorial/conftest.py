# form_data moved to tests/admin_forms.py; still importable from here for `from .conftest import form_data`.
from tests.admin_forms import form_data  # noqa: F401
