"""`make bench`: page speed against the framework's floor, on SQLite and PostgreSQL.

For each database it seeds a fresh benchmark site (bench/seed.py), serves it with gunicorn
(production settings, DEBUG off, 2 sync workers) on 127.0.0.1, and drives each scenario with
wrk at 4 and 32 connections, several interleaved rounds, the floor (a bare view through the
same middleware, bench/urls.py) measured in the same rounds. It prints requests per second,
p50 and p99 per scenario and the ratio to the floor, and writes them, with the machine, the
versions and the command, to docs/performance.md under the run's label.

    python bench/run.py --label after [--databases sqlite,postgresql] [--duration 2]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
VAR = ROOT / "var" / "bench"
DOC = ROOT / "docs" / "performance.md"
RESULTS = ROOT / "bench" / "results"
SCENARIOS = [
    ("floor", "Floor: a bare view through the same middleware"),
    ("course_anonymous", "Course page, anonymous"),
    ("course", "Course page, signed in"),
    ("module", "Module page, signed in"),
    ("lesson", "Lesson page, signed in"),
    ("quiz", "Quiz page, signed in"),
    ("result", "Quiz result page, signed in"),
    ("my_learning", "My learning (3 courses)"),
    ("lesson_4", "Lesson page, course of 4 lessons"),
    ("lesson_400", "Lesson page, course of 400 lessons"),
    ("course_400", "Course page listing 400 lessons"),
    ("complete_lesson", "Mark a lesson complete (write)"),
    ("submit_quiz", "Submit a quiz attempt (write)"),
]
CONCURRENCY = (4, 32)
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(args, env, **kwargs):
    return subprocess.run(args, env=env, cwd=ROOT, check=True, **kwargs)


def database_url(kind: str) -> str:
    if kind == "sqlite":
        path = VAR / "sqlite" / "db.sqlite3"
        shutil.rmtree(path.parent, ignore_errors=True)
        path.parent.mkdir(parents=True)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS pathway_bench WITH (FORCE)")
        connection.execute("CREATE DATABASE pathway_bench")
    return "postgres://postgres@127.0.0.1:5432/pathway_bench"


def redis_url() -> str | None:
    try:
        import redis

        client = redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_timeout=1)
        client.flushdb()
        return "redis://127.0.0.1:6379/15"
    except Exception:
        return None


def environment(kind: str, port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY="benchmark-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=database_url(kind),
        BENCH_CACHE_PREFIX=kind,
        PATHWAY_VAR_DIR=str(VAR),
    )
    cache = redis_url()
    if cache:
        env["REDIS_URL"] = cache
    else:
        env.pop("REDIS_URL", None)
    return env


def wait_until_up(port: int, process):
    for _ in range(100):
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped before it answered")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/floor/", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer")


def wrk(port, requests_file: Path, connections: int, duration: float, offset: int) -> dict:
    env = {
        **os.environ,
        "BENCH_REQUESTS": str(requests_file),
        "BENCH_THREADS": "2",
        "BENCH_OFFSET": str(offset),
    }
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration:g}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(ROOT / "bench" / "requests.lua"),
            f"http://127.0.0.1:{port}",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return parse_wrk(output)


def milliseconds(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def parse_wrk(output: str) -> dict:
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50": milliseconds(latency["50"]),
        "p99": milliseconds(latency["99"]),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def bench_database(kind: str, duration: float, rounds: int, scenarios) -> dict:
    port = free_port()
    env = environment(kind, port)
    python = str(BIN / "python")
    print(f"\n== {kind}: migrate, collect static files, seed", flush=True)
    run([python, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([python, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    out = VAR / kind / "requests"
    run([python, "-m", "bench.seed", str(out)], env)
    gunicorn = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "cms.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    offsets = dict.fromkeys(scenarios, 0)
    samples: dict = {}
    try:
        wait_until_up(port, gunicorn)
        print(f"== {kind}: warm-up", flush=True)
        for name in scenarios:
            result = wrk(port, out / f"{name}.tsv", 4, 1, offsets[name])
            offsets[name] += result["requests"]
        for round_number in range(1, rounds + 1):
            print(f"== {kind}: round {round_number} of {rounds}", flush=True)
            for connections in CONCURRENCY:
                for name in scenarios:
                    result = wrk(port, out / f"{name}.tsv", connections, duration, offsets[name])
                    offsets[name] += result["requests"]
                    samples.setdefault(f"{name}@{connections}", []).append(result)
                    print(
                        f"   {name:<18} @{connections:<2} {result['rps']:8.1f} req/s "
                        f"p50 {result['p50']:7.1f} ms p99 {result['p99']:7.1f} ms "
                        f"errors {result['errors']} {result['socket_errors']}",
                        flush=True,
                    )
    finally:
        if gunicorn.poll() is None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            gunicorn.wait(timeout=30)
    return summarise(samples, scenarios)


def summarise(samples: dict, scenarios) -> dict:
    table = {}
    for connections in CONCURRENCY:
        floor = statistics.median(s["rps"] for s in samples[f"floor@{connections}"])
        for name in scenarios:
            runs = samples[f"{name}@{connections}"]
            rps = statistics.median(s["rps"] for s in runs)
            table[f"{name}@{connections}"] = {
                "rps": rps,
                "p50": statistics.median(s["p50"] for s in runs),
                "p99": statistics.median(s["p99"] for s in runs),
                "ratio": rps / floor if floor else 0.0,
                "errors": sum(s["errors"] for s in runs),
            }
    return table


def versions() -> dict:
    import django
    import wagtail

    def command(*args):
        try:
            return subprocess.run(args, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "not found"

    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        + (command("sh", "-c", "lscpu | sed -n 's/Model name: *//p'") or "unknown CPU"),
        "python": platform.python_version(),
        "django": django.__version__,
        "wagtail": wagtail.__version__,
        "postgresql": command("psql", "--version"),
        "sqlite": __import__("sqlite3").sqlite_version,
        "wrk": command("sh", "-c", "wrk --version 2>&1 | head -1"),
    }


def markdown(label: str, results: dict, meta: dict) -> str:
    lines = [
        f"<!-- bench:{label}:start -->",
        f"### Run “{label}”, {meta['date']}",
        "",
        f"Command: `{meta['command']}`. Machine: {meta['versions']['machine']}; Python "
        f"{meta['versions']['python']}, Django {meta['versions']['django']}, Wagtail "
        f"{meta['versions']['wagtail']}, {meta['versions']['postgresql']}, SQLite "
        f"{meta['versions']['sqlite']}, {meta['versions']['wrk']}. gunicorn with 2 sync "
        f"workers, production settings, cache: {meta['cache']}. Each figure is the median of "
        f"{meta['rounds']} rounds of {meta['duration']} s; req/s and its ratio to the floor "
        "measured in the same rounds.",
        "",
    ]
    for kind, table in results.items():
        lines += [
            f"**{kind}**",
            "",
            "| scenario | req/s @4 | × floor @4 | p50 ms @4 | p99 ms @4 "
            "| req/s @32 | × floor @32 | p99 ms @32 | errors |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for name, title in SCENARIOS:
            if f"{name}@4" not in table:
                continue
            a, b = table[f"{name}@4"], table[f"{name}@32"]
            lines.append(
                f"| {title} | {a['rps']:,.0f} | {a['ratio']:.3f} | {a['p50']:.1f} | "
                f"{a['p99']:.1f} | {b['rps']:,.0f} | {b['ratio']:.3f} | {b['p99']:.1f} | "
                f"{a['errors'] + b['errors']} |"
            )
        lines.append("")
    lines.append(f"<!-- bench:{label}:end -->")
    return "\n".join(lines)


def write_doc(label: str, section: str):
    text = DOC.read_text() if DOC.exists() else "# Performance\n"
    pattern = re.compile(
        rf"<!-- bench:{re.escape(label)}:start -->.*?<!-- bench:{re.escape(label)}:end -->",
        re.S,
    )
    if pattern.search(text):
        text = pattern.sub(lambda _match: section, text)
    elif "<!-- bench:runs -->" in text:
        text = text.replace("<!-- bench:runs -->", f"<!-- bench:runs -->\n\n{section}", 1)
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    DOC.write_text(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="latest")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--duration", type=float, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scenarios", default=",".join(name for name, _ in SCENARIOS))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: `apt-get install wrk` (make bench does it)")
    scenarios = args.scenarios.split(",")
    if "floor" not in scenarios:
        scenarios.insert(0, "floor")
    results = {
        kind: bench_database(kind, args.duration, args.rounds, scenarios)
        for kind in args.databases.split(",")
    }
    meta = {
        "date": datetime.date.today().isoformat(),
        "command": "make bench " + " ".join(sys.argv[1:]),
        "versions": versions(),
        "cache": "Redis" if redis_url() else "database",
        "rounds": args.rounds,
        "duration": args.duration,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.label}.json").write_text(json.dumps({"meta": meta, "results": results}))
    section = markdown(args.label, results, meta)
    print("\n" + section)
    write_doc(args.label, section)


if __name__ == "__main__":
    main()
