"""JSON-LD is data, not script: the strict CSP neither blocks nor needs to allow it."""

import json

import pytest

from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_json_ld_is_read_by_the_browser_without_any_csp_violation(transactional_db, page):
    make_article(title="Fish </script><script>alert(1)</script>", slug="fish", summary="Fish & <chips>.")
    violations, messages, dialogs = [], [], []
    page.on("console", lambda message: messages.append(message.text))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => window.__csp = (window.__csp || [])"
        ".concat([e.violatedDirective + ' ' + e.blockedURI]));"
    )
    response = page.goto("/articles/fish/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    violations = page.evaluate("window.__csp || []")
    data = json.loads(page.evaluate("document.querySelector('script[type=\"application/ld+json\"]').textContent"))
    assert data["@graph"][0]["name"] == "Fish </script><script>alert(1)</script>"
    assert data["@graph"][0]["description"] == "Fish & <chips>."
    assert violations == []
    assert dialogs == []
    assert not [text for text in messages if "Content Security Policy" in text]
