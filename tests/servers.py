"""Real app servers for the fault and several-server tests: gunicorn started on the test
database, a visitor that talks HTTP to it, a TCP proxy in front of PostgreSQL that a test can
cut (the shared PostgreSQL server itself is never stopped), and a private Redis.

Every server runs `tests.server_settings`; what differs comes from environment variables
(see that module). Output goes to a log file in the test's tmp_path, shown when start-up
fails.
"""

from __future__ import annotations

import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from http.cookies import SimpleCookie
from importlib import import_module
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def needs_postgresql(why: str):
    return pytest.mark.skipif(
        not on_postgresql(),
        reason=f"needs PostgreSQL (set DATABASE_URL=postgres://...): {why}",
    )


def session_cookie(user) -> str:
    """A signed-in session for `user`, made in the database the servers share."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return store.session_key


@dataclass
class Reply:
    status: int
    body: str
    headers: dict[str, str]

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class Visitor:
    """A browser of sorts: keeps cookies (for every server: cookies do not depend on the
    port), sends the CSRF token with each POST, follows no redirect."""

    def __init__(self, session_key: str | None = None):
        self.cookies = {settings.CSRF_COOKIE_NAME: secrets.token_hex(16)}
        if session_key:
            self.cookies[settings.SESSION_COOKIE_NAME] = session_key

    def get(self, url: str, timeout: float = 20) -> Reply:
        return self.request("GET", url, timeout=timeout)

    def post(self, url: str, data: dict | None = None, timeout: float = 20) -> Reply:
        fields = {**(data or {}), "csrfmiddlewaretoken": self.cookies[settings.CSRF_COOKIE_NAME]}
        return self.request("POST", url, urlencode(fields, doseq=True), timeout=timeout)

    def request(self, method: str, url: str, body: str | None = None, timeout=20) -> Reply:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        try:
            conn.request(method, target, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return Reply(response.status, text, {k.lower(): v for k, v in response.headers.items()})
        finally:
            conn.close()


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    log: Path

    def url(self, path: str) -> str:
        return self.base + path

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


def wait_until_up(server: Server, seconds: float = 40):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"gunicorn stopped at start-up:\n{server.output()}")
        try:
            Visitor().get(server.url("/healthz"), timeout=5)
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer within {seconds} s:\n{server.output()}")


@contextmanager
def gunicorn(tmp_path: Path, name: str = "app", *, workers: int = 1, **env):
    """An app server on a free port, on the test database (through `PATHWAY_DB_PORT` when
    given), with `tests.server_settings` and `env` in its environment."""
    port, log = free_port(), tmp_path / f"gunicorn-{name}.log"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.server_settings",
        "PATHWAY_SERVER_DB_NAME": str(connection.settings_dict["NAME"]),
        **{key: str(value) for key, value in env.items()},
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                str(GUNICORN),
                "cms.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
                "--no-control-socket",  # servers side by side must not share one socket
            ],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        wait_until_up(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


class CuttableProxy:
    """A TCP forwarder from a port of its own to the database server. `cut()` closes every
    connection through it and refuses new ones (as a database that went away would);
    `restore()` lets connections through again."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.port = free_port()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self.restore()

    def restore(self):
        listener = socket.create_server(("127.0.0.1", self.port))
        listener.settimeout(0.1)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self):
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            _close(sock)

    def _accept(self, listener: socket.socket):
        while self._listener is listener:
            try:
                client, _address = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            with self._lock:
                self._sockets.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket):
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        _close(source)
        _close(sink)


def _close(sock: socket.socket):
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


@contextmanager
def private_redis():
    """A Redis server of the test's own, on a free port, keeping nothing on disk."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.kill()
        server.wait()


class Pauses:
    """The test's side of `tests.fault_hooks`: ask a worker to stop at a point inside its
    transaction, wait until it has, then let it go on (or kill it)."""

    def __init__(self, directory: Path):
        self.directory = directory

    def arm(self, point: str):
        (self.directory / f"pause-{point}").touch()

    def disarm(self, point: str):
        (self.directory / f"pause-{point}").unlink(missing_ok=True)

    def wait_until_paused(self, point: str, seconds: float = 30) -> dict[str, str]:
        marker = self.directory / f"paused-{point}"
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if marker.exists() and marker.read_text().endswith("\n"):
                return dict(line.split("=", 1) for line in marker.read_text().splitlines())
            time.sleep(0.05)
        pytest.fail(f"no worker paused at {point} within {seconds} s")

    def release(self, point: str):
        (self.directory / f"release-{point}").touch()
