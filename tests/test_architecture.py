"""The code's structure: every module imports on its own, imports run one way (no circle),
and the records layer never reaches up into the content models or views."""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("cms", "courses")
# The learning app's lower layer: it takes pages as arguments and never imports them.
LOWER_LAYER = [
    "courses.learning.models",
    "courses.learning.spreadsheet_cells",
    "courses.learning.models.records",
    "courses.learning.models.attempts",
    "courses.learning.models.certificates",
    "courses.learning.models.ethics",
    "courses.learning.models.evaluations",
    "courses.learning.certification",
    "courses.learning.transcript",
    "courses.learning.evaluation_summary",
    "courses.learning.models.reminders",
    "courses.learning.navigation",
    "courses.learning.progress",
    "courses.learning.outline",
    "courses.learning.standing",
    "courses.learning.access",
    "courses.learning.steps",
    "courses.learning.gradebook",
    "courses.learning.item_analysis",
]


def project_modules() -> dict[str, Path]:
    """Every module of the project's packages (migrations aside), by dotted name."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).with_suffix("")
            if "migrations" in relative.parts:
                continue
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            modules[".".join(parts)] = path
    return modules


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `name` imports, anywhere in its source (TYPE_CHECKING too)."""
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        else:
            continue
        found.update(target for target in targets if target in modules and target != name)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(10_000, sys.getrecursionlimit()))
    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_import_circle_among_project_modules():
    graph = import_graph()
    assert len(graph) > 60
    assert circles(graph) == []


def test_the_circle_finder_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_records_layer_never_imports_pages_or_views():
    graph = import_graph()
    for name in LOWER_LAYER:
        reached = graph[name]
        assert not {m for m in reached if m == "courses.models" or m.startswith("courses.models.")}
        assert not {m for m in reached if ".views" in m or m.endswith(".urls")}
        assert not {m for m in reached if m.startswith("courses.learning.services")}


def test_no_model_imports_a_view():
    graph = import_graph()
    model_modules = [name for name in graph if ".models" in name]
    for name in model_modules:
        assert not {m for m in graph[name] if ".views" in m}, name


FRESH_IMPORTS = """
import importlib, multiprocessing, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
import django
django.setup()

def load(name):
    try:
        importlib.import_module(name)
    except Exception as error:
        return f"{name}: {type(error).__name__}: {error}"
    return None

if __name__ == "__main__":
    names = sys.argv[1:]
    with multiprocessing.get_context("fork").Pool(2, maxtasksperchild=1) as pool:
        failures = [failure for failure in pool.map(load, names, chunksize=1) if failure]
    print("\\n".join(failures))
    sys.exit(1 if failures else 0)
"""


def test_every_project_module_imports_on_its_own_in_a_fresh_interpreter():
    """One fresh interpreter sets Django up; each module is then imported in a process of
    its own forked from it, so no module benefits from another having been imported first."""
    names = sorted(project_modules())
    production = {  # what cms.settings.production requires to import
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "pathway.example.org",
        "DATABASE_URL": "sqlite:////tmp/pathway-import-check.sqlite3",
        "WAGTAILADMIN_BASE_URL": "https://pathway.example.org",
    }
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", FRESH_IMPORTS, *names],
        cwd=ROOT,
        env={**env, **production},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
