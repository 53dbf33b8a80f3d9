"""The Content-Security-Policy in a real browser: a trainee's whole journey (sign-up, course,
lesson, quiz, attempt, result, My learning, search, profile) runs with the policy enforced and
the browser reports no violation, while an inline script on the same pages is refused."""

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.test_audit import walk_trainee_pages

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Installed by the browser before any page script runs (an init script is not subject to the
# page's policy); it records every violation the page reports.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def test_the_trainee_journey_reports_no_policy_violation(demo_site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text or message.text.startswith("Refused to")
            else None
        ),
    )
    visited, violations = [], []

    def visit(name):
        page.wait_for_load_state("load")
        visited.append(name)
        violations.extend(f"{name}: {v}" for v in page.evaluate("window.__violations"))
        assert "script-src 'self'" in page.request.head(page.url).headers.get(
            "content-security-policy", ""
        )

    walk_trainee_pages(page, demo_site, visit)
    assert len(visited) == 14
    assert violations == []
    assert refused == []

    # The listener does hear a violation: an inline script on a trainee page is refused.
    with pytest.raises(PlaywrightError, match="Content Security Policy"):
        page.add_script_tag(content="window.__ran = true;")
    assert page.evaluate("window.__ran === undefined")
    assert any("script-src" in v for v in page.evaluate("window.__violations"))
    context.close()
