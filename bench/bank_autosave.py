"""100 concurrent exam takers autosaving over loopback: zero lost answers, and requests/s vs hello.

One run: a bare Flask "hello" app and Service Dojo under the same gunicorn settings
(bench/http_bench.py), driven by the same Python client (4 processes × 25 threads, one user and
one open mock exam per thread). Every autosave changes the answer of a random question; at the end
each thread's last answer per question is compared with the database: any difference is a lost
answer. Usage: python bench/bank_autosave.py [--seconds 10] [--takers 100]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from http_bench import gunicorn  # noqa: E402

PASSWORD = "bench-password-123"
PROCESSES = 4

SETUP = """
import sys
from pathlib import Path
from servicedojo import create_app
from servicedojo.extensions import db
from servicedojo.core.content.framework import sync_content
from servicedojo.accounts import service
app = create_app()
with app.app_context():
    db.create_all()
    sync_content(app, Path(sys.argv[1]))
    for n in range(int(sys.argv[2])):
        service.create_user(f"taker{n}", "bench-password-123")
"""

VERIFY = """
import json, sys
from sqlalchemy import select
from servicedojo import create_app
from servicedojo.extensions import db
from servicedojo.bank.models import ExamAttempt, ExamSlot
from servicedojo.accounts.models import User
app = create_app()
with app.app_context():
    rows = db.session.execute(select(User.username, ExamSlot.position, ExamSlot.chosen)
        .join(ExamAttempt, ExamAttempt.user_id == User.id).join(ExamSlot, ExamSlot.attempt_id == ExamAttempt.id)).all()
    print(json.dumps([[u, p, c] for u, p, c in rows]))
"""


class Client:
    def __init__(self, base: str) -> None:
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port = parsed.hostname, parsed.port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ):  # noqa: ANN201
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        all_headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=data, headers=all_headers)
        response = connection.getresponse()
        text = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, dict(response.getheaders()), text


def csrf(text: str) -> str:
    """The page's CSRF token: the meta tag on signed-in pages, the form field on the sign-in page."""
    found = re.search(r'name="csrf-token" content="([^"]+)"', text) or re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', text
    )
    return found.group(1)


def taker(base: str, username: str, seconds: float, results: list) -> None:  # noqa: ANN001
    client = Client(base)
    _, _, page = client.request("GET", "/login")
    client.request("POST", "/login", {"csrf_token": csrf(page), "username": username, "password": PASSWORD})
    _, _, page = client.request("GET", "/exam/")
    token = csrf(page)
    status, headers, _ = client.request("POST", "/exam/start", {"csrf_token": token, "syllabus": "itil4-foundation"})
    attempt = re.search(r"/exam/(\d+)/", headers["Location"]).group(1)
    last: dict[int, int] = {}
    rng = random.Random(username)
    sent = errors = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        position, option = rng.randint(1, 40), rng.randint(0, 3)
        status, _, _ = client.request(
            "POST",
            f"/exam/{attempt}/{position}/answer",
            {"option": str(option)},
            {"X-CSRFToken": token, "HX-Request": "true"},
        )
        sent += 1
        if status == 200:
            last[position] = option
        else:
            errors += 1
    results.append((username, last, sent, errors))


def process_main(base: str, names: list[str], seconds: float, queue) -> None:  # noqa: ANN001
    import threading

    results: list = []
    threads = [threading.Thread(target=taker, args=(base, name, seconds, results)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(results)


def hello_process(base: str, threads: int, seconds: float, queue) -> None:  # noqa: ANN001
    import threading

    counts: list[int] = []

    def run() -> None:
        client, sent, end = Client(base), 0, time.monotonic() + seconds
        while time.monotonic() < end:
            client.request("GET", "/")
            sent += 1
        counts.append(sent)

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    queue.put(sum(counts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--takers", type=int, default=100)
    args = parser.parse_args()
    per_process = args.takers // PROCESSES

    queue: multiprocessing.Queue = multiprocessing.Queue()
    with gunicorn("hello_app:app", dict(os.environ), ROOT / "bench") as hello_base:
        workers = [
            multiprocessing.Process(target=hello_process, args=(hello_base, per_process, args.seconds, queue))
            for _ in range(PROCESSES)
        ]
        for worker in workers:
            worker.start()
        hello_total = sum(queue.get() for _ in workers)
        for worker in workers:
            worker.join()
    hello_rate = hello_total / args.seconds
    print(f"hello (bare Flask), {args.takers} clients: {hello_rate:8.1f} req/s")

    instance = tempfile.mkdtemp(prefix="servicedojo-bench-")
    # every taker signs in from 127.0.0.1: lift the per-address sign-in throttle for the bench only
    env = dict(
        os.environ,
        SERVICEDOJO_INSTANCE_PATH=instance,
        SECRET_KEY=secrets.token_hex(16),
        LOGIN_RATE_LIMIT="100000 per minute",
    )
    env.pop("DATABASE_URL", None)
    python = sys.executable
    subprocess.run([python, "-c", SETUP, str(ROOT), str(args.takers)], env=env, check=True, cwd=ROOT / "platform")
    names = [f"taker{n}" for n in range(args.takers)]
    with gunicorn("servicedojo:create_app()", env, ROOT) as base:
        workers = [
            multiprocessing.Process(
                target=process_main, args=(base, names[i * per_process : (i + 1) * per_process], args.seconds, queue)
            )
            for i in range(PROCESSES)
        ]
        started = time.monotonic()
        for worker in workers:
            worker.start()
        results = [row for _ in workers for row in queue.get()]
        for worker in workers:
            worker.join()
        elapsed = time.monotonic() - started
    sent = sum(row[2] for row in results)
    errors = sum(row[3] for row in results)
    rate = sent / args.seconds
    stored = subprocess.run(
        [python, "-c", VERIFY], env=env, check=True, capture_output=True, text=True, cwd=ROOT / "platform"
    )
    import json

    saved = {(user, position): chosen for user, position, chosen in json.loads(stored.stdout)}
    expected = {(user, position): option for user, last, _, _ in results for position, option in last.items()}
    lost = [key for key, option in expected.items() if saved.get(key) != option]
    print(
        f"autosave, {len(results)} exam takers:  {rate:8.1f} req/s   ratio to hello {rate / hello_rate:5.2f}"
        f"   ({sent} saves, {errors} refused, {elapsed:.0f} s incl. sign-in)"
    )
    print(f"answers verified: {len(expected)}; lost: {len(lost)}")
    if lost:
        sys.exit(f"LOST ANSWERS: {lost[:10]}")


if __name__ == "__main__":
    main()
