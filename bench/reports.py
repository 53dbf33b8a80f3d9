"""`make bench-reports`: the course progress report and its exports at scale, on PostgreSQL.

It makes a fresh database (pathway_bench_reports), seeds one course of 8 modules × 5 lessons
(40 lessons, a quiz per module and a final test) with 10,000 enrolled trainees at every stage
of it (about 200,000 lesson completions and 50,000 graded attempts, made with bulk_create),
two cohorts (one of 2,000 trainees, past its due date), and then measures, each in a fresh
Python process so that one measurement's memory never shows in another's:

- the report's first screen (50 rows): the first request of the process, then the median of
  five more; also filtered by cohort and by status, and its last page;
- the CSV and XLSX exports of 2,000 rows (the cohort) and of 10,000 rows (the course): time,
  size, and the process's peak resident memory (the exports stream, so the peak should not
  grow with the rows).

Requests go through Django's test client in process (the full middleware and admin stack,
no network), with production settings (bench.settings) and the database cache.

    python -m bench.reports [--trainees 10000] [--small 2000] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATABASE = "pathway_bench_reports"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
ADMIN = "bench-report-admin"


def environment() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY="benchmark-only-" + "x" * 40,
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        WAGTAILADMIN_BASE_URL="http://testserver",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        PATHWAY_VAR_DIR=str(ROOT / "var" / "bench-reports"),
    )
    return env


def fresh_database():
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")


def child(*args) -> dict:
    """Run `python -m bench.reports <args>` in a fresh process; its last line is JSON."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.reports", *args],
        env=environment(),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"bench.reports {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- In the child processes ------------------------------------------------------------------


def setup_django():
    import django

    django.setup()


def client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    browser = Client()
    browser.force_login(get_user_model().objects.get(username=ADMIN))
    return browser


URL = "/admin/training-reports/progress/"


def page(params: dict) -> dict:
    """The report's screen: the process's first request, then the median of five."""
    setup_django()
    browser = client()
    times = []
    for _ in range(6):
        started = time.perf_counter()
        response = browser.get(URL, params)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return {
        "first_ms": round(times[0] * 1000),
        "median_ms": round(statistics.median(times[1:]) * 1000),
        "rows": response.content.count(b'<td class="title">'),  # one per trainee
    }


def rss_kb() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def export(params: dict) -> dict:
    """One export, read to the end; the process's resident memory before and at its peak."""
    setup_django()
    browser = client()
    screen = {key: value for key, value in params.items() if key != "export"}
    browser.get(URL, screen)  # the framework loaded and warmed, as in a worker
    before = rss_kb()
    started = time.perf_counter()
    response = browser.get(URL, params)
    assert response.status_code == 200, response.status_code
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux
    return {
        "seconds": round(seconds, 2),
        "bytes": size,
        "csv_lines": lines,
        "rss_before_mb": round(before / 1024, 1),
        "peak_rss_mb": round(peak / 1024, 1),
    }


# --- The run ---------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=2_000)
    parser.add_argument("--keep", action="store_true", help="reuse the seeded database")
    args = parser.parse_args()
    python = sys.executable
    if not args.keep:
        print(f"== a fresh database {DATABASE}, migrated and seeded", flush=True)
        fresh_database()
        for command in (["migrate"], ["collectstatic"]):
            subprocess.run(
                [python, "manage.py", *command, "--noinput", "-v0"],
                env=environment(),
                cwd=ROOT,
                check=True,
            )
        seeded = child("seed", str(args.trainees), str(args.small))
        Path(ROOT / "var").mkdir(exist_ok=True)
        (ROOT / "var" / "bench-reports.json").write_text(json.dumps(seeded))
    else:
        seeded = json.loads((ROOT / "var" / "bench-reports.json").read_text())
    print(json.dumps(seeded), flush=True)
    course, cohort = {"course": seeded["course"]}, {"cohort": seeded["cohort"]}
    pages = {
        "first screen": course,
        "filtered by cohort": cohort,
        "filtered by status (in progress)": {**course, "status": "in_progress"},
        "filtered by status (behind)": {**course, "status": "behind"},
        "last page": {**course, "p": (seeded["trainees"] + 49) // 50},
    }
    results = {"pages": {}, "exports": {}}
    for label, params in pages.items():
        results["pages"][label] = child("page", json.dumps(params))
        print(label, results["pages"][label], flush=True)
    for fmt in ("csv", "xlsx"):
        for label, params in (
            (f"{args.small:,} rows", cohort),
            (f"{seeded['trainees']:,} rows", course),
        ):
            measured = child("export", json.dumps({**params, "export": fmt}))
            results["exports"][f"{fmt.upper()}, {label}"] = measured
            print(fmt, label, measured, flush=True)
    print(json.dumps(results))
    print(markdown(seeded, results))


def markdown(seeded: dict, results: dict) -> str:
    lines = [
        "| screen (50 rows) | first request | median of 5 more |",
        "|---|---|---|",
    ]
    for label, measured in results["pages"].items():
        lines.append(f"| {label} | {measured['first_ms']} ms | {measured['median_ms']} ms |")
    lines += [
        "",
        "| export | time | size | resident memory before | peak resident memory |",
        "|---|---|---|---|---|",
    ]
    for label, measured in results["exports"].items():
        lines.append(
            f"| {label} | {measured['seconds']} s | {measured['bytes'] / 1e6:.1f} MB | "
            f"{measured['rss_before_mb']} MB | {measured['peak_rss_mb']} MB |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("seed", "page", "export"):
        command, *rest = sys.argv[1:]
        if command == "seed":
            setup_django()
            from bench.report_seed import seed

            outcome = seed(int(rest[0]), int(rest[1]), ADMIN)
        else:
            outcome = {"page": page, "export": export}[command](json.loads(rest[0]))
        print(json.dumps(outcome))
    else:
        main()
