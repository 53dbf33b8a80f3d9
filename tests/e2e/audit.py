"""The accessibility and markup audit the browser tests run on every page a trainee sees:
axe-core (bundled by the `axe-playwright-python` package) inside the browser, and the Nu Html
Checker (the `vnu-jar` package, fetched by `make checkers`) on the HTML the server sent.

Where Java or the checker is missing the Nu check is skipped with a message, except when
PATHWAY_REQUIRE_CHECKERS=1 (as in CI), where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEVERE = {"serious", "critical"}
# Rules asserted whatever their impact: a link's visible text must be part of its accessible
# name (off by default in axe-core), and each landmark must be told apart from the others.
ALSO_ASSERTED = {"label-content-name-mismatch", "landmark-unique"}
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "rules": {"label-content-name-mismatch": {"enabled": True}},
}


def axe_violations(page) -> list[str]:
    """axe-core's serious and critical violations (and those of ALSO_ASSERTED) on the page as
    the browser shows it."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in SEVERE or violation["id"] in ALSO_ASSERTED
    ]


def vnu_jar() -> Path:
    with open(ROOT / "pyproject.toml", "rb") as file:
        version = tomllib.load(file)["tool"]["pathway"]["checkers"]["vnu-jar"]
    return Path(sys.prefix) / "vnu" / f"vnu-{version}.jar"


def nu_errors(documents: dict[str, str], folder: Path) -> list[str]:
    """The Nu Html Checker's errors in each named HTML document, in one run of the checker."""
    jar = vnu_jar()
    if not jar.exists() or shutil.which("java") is None:
        message = f"The Nu Html Checker needs Java and {jar}: run `make checkers`"
        if os.environ.get("PATHWAY_REQUIRE_CHECKERS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    names, paths = {}, []
    for number, (name, html) in enumerate(documents.items()):
        path = folder / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = name
        paths.append(str(path))
    command = ["java", "-jar", str(jar), "--format", "json", "--exit-zero-always", *paths]
    completed = subprocess.run(  # noqa: S603 - a fixed command on files this test wrote
        command,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    messages = json.loads(completed.stderr or completed.stdout)["messages"]
    return [
        f"{names.get(message.get('url', '').rsplit('/', 1)[-1], message.get('url'))} "
        f"line {message.get('lastLine')}: "
        f"{message['message']}"
        for message in messages
        if message["type"] == "error"
    ]
