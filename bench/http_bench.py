"""Requests/s of Service Dojo pages as a ratio to a bare Flask "hello" app, measured in one run.

Both apps run under the same gunicorn settings on loopback and get the same bounded wrk load, one
after the other, so the ratio survives a noisy machine. Usage:

    python bench/http_bench.py /login /lessons/incident-management "/search?q=incident"
    python bench/http_bench.py --login learner /desk/

Each page reports its own requests/s and ``ratio = page / hello``.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
GUNICORN_SETTINGS = ["--workers", "2", "--threads", "1", "--log-level", "warning"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str], chdir: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), *GUNICORN_SETTINGS, "--bind", f"127.0.0.1:{port}", "--chdir", str(chdir), app_spec],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/healthz" if "servicedojo" in app_spec else base)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def wrk(url: str, seconds: int, connections: int, cookie: str | None) -> float:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses under load:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def prepare_instance(role: str | None) -> tuple[dict[str, str], str | None]:
    """A fresh instance folder with the schema, the content and (optionally) a user to sign in as."""
    instance = tempfile.mkdtemp(prefix="servicedojo-bench-")
    env = dict(os.environ, SERVICEDOJO_INSTANCE_PATH=instance, SECRET_KEY=secrets.token_hex(16))
    env.pop("DATABASE_URL", None)
    cli = str(BIN / "servicedojo")
    subprocess.run([cli, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([cli, "content", "sync"], env=env, check=True, capture_output=True)
    password = None
    if role:
        password = secrets.token_urlsafe(12)
        subprocess.run(
            [cli, "users", "create", "bench-user", "--role", role],
            env=env,
            input=password + "\n",
            text=True,
            check=True,
            capture_output=True,
        )
    return env, password


def sign_in(base: str, password: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "username": "bench-user", "password": password}).encode()
    opener.open(f"{base}/login", data=form)
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=["/login"])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--login", choices=["learner", "trainer", "admin"], default=None)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")

    env, password = prepare_instance(args.login)
    with gunicorn("hello_app:app", dict(os.environ), ROOT / "bench") as hello_base:
        wrk(hello_base + "/", 1, args.connections, None)  # warm-up
        hello = wrk(hello_base + "/", args.seconds, args.connections, None)
    print(f"{'hello (bare Flask)':40} {hello:10.1f} req/s")
    with gunicorn("servicedojo:create_app()", env, ROOT) as base:
        cookie = sign_in(base, password) if password else None
        for path in args.paths:
            wrk(base + path, 1, args.connections, cookie)  # warm-up
            rate = wrk(base + path, args.seconds, args.connections, cookie)
            print(f"{path:40} {rate:10.1f} req/s   ratio to hello {rate / hello:5.2f}")


if __name__ == "__main__":
    main()
