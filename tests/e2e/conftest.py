"""Browser tests: Debian's Chromium driven by Playwright's Python package.

Playwright's own browser download is not used. Where Chromium is missing the tests are
skipped with a message, except when PATHWAY_REQUIRE_BROWSER=1 (as in CI), where they fail.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def demo_data():
    """The demo course, serialised by the first browser test that builds it."""
    return {}


@pytest.fixture
def demo_site(live_server, demo_data):
    """The live server's URL, serving the demo course: built by `setup_demo` once per session,
    then restored from its serialised form (seven times faster) for each later test."""
    if "json" not in demo_data:
        call_command("setup_demo", "--no-accounts", verbosity=0)
        demo_data["json"] = connection.creation.serialize_db_to_string()
    else:
        connection.creation.deserialize_db_from_string(demo_data["json"])
    return live_server.url


@pytest.fixture
def browser(demo_site, monkeypatch):
    """Chromium, started for each test once its data is in place.

    Playwright's sync API runs an event loop in the test thread, and while it runs Django
    hands that thread a different connection object. Starting the browser after the database
    is set up, and closing it before the database is reset, keeps Django's set-up and
    teardown (including `serialized_rollback`) on the connection they expect.
    """
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package"
        if os.environ.get("PATHWAY_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message + " to run the browser tests")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
    # make meanwhile are still plain synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # Close the connections the test opened inside the event loop, so that the test
        # database can be reset and dropped.
        connections.close_all()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
