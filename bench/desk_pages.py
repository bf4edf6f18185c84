"""CPU milliseconds per desk request, in-process, as a ratio to the bare "hello" app measured the same way.

bench/desk_http.py measures requests/s under gunicorn and wrk, which is the real thing but swings
with whatever else the machine is running. This one drives the Flask test client in one process
and counts CPU time (``time.process_time``), so two versions of the code can be compared on a busy
machine. The desk pages are the same as in desk_http.py: a learner twelve actions into the guided
shift; "act" records one action (a triage) and renders the desk, as the htmx form does.

    python bench/desk_pages.py [--requests 300]
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))


def cpu_ms(call: Callable[[], Any], requests: int, rounds: int = 5) -> float:
    """Median over rounds of the CPU milliseconds per call."""
    call()  # warm-up
    samples = []
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(requests):
            call()
        samples.append((time.process_time() - start) * 1000 / requests)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    os.environ["SERVICEDOJO_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="servicedojo-bench-")
    os.environ.setdefault("SECRET_KEY", secrets.token_hex(16))
    os.environ.pop("DATABASE_URL", None)

    from hello_app import app as hello
    from servicedojo import create_app
    from servicedojo.accounts.service import create_user
    from servicedojo.core.content.framework import sync_content
    from servicedojo.desk import service
    from servicedojo.extensions import db

    app = create_app()
    app.config["WTF_CSRF_ENABLED"] = False
    password = secrets.token_urlsafe(12)
    with app.app_context():
        db.create_all()
        root = Path(app.config["CONTENT_ROOT"])
        scenarios_only = Path(tempfile.mkdtemp(prefix="servicedojo-bench-content-"))
        (scenarios_only / "scenarios").symlink_to(root / "scenarios")
        sync_content(app, scenarios_only)
        user = create_user("bench-user", password)
        shift = service.start_shift(user, "harbourside-first-shift", "practice")
        scenario = service.scenario_of(shift.scenario_version)
        for action in service.model_answer(scenario)[:12]:
            service.record_action(user, shift.id, action.to_json())
        shift_id = shift.id
    client = app.test_client()
    client.post("/login", data={"username": "bench-user", "password": password})
    hello_client = hello.test_client()
    base = cpu_ms(lambda: hello_client.get("/"), args.requests)
    print(f"{'hello (bare Flask)':40} {base:7.3f} ms CPU/request")
    pages = ["/desk/", f"/desk/shifts/{shift_id}", f"/desk/shifts/{shift_id}?ticket=SD-1004"]
    for path in pages:
        assert client.get(path).status_code == 200, path
        ms = cpu_ms(lambda path=path: client.get(path), args.requests)
        print(f"{path:40} {ms:7.3f} ms CPU/request   requests/s ratio to hello {base / ms:5.3f}")

    # Recording an action (a one-minute knowledge search, so 100 of them fit in the shift).
    def act() -> None:
        response = client.post(
            f"/desk/shifts/{shift_id}/actions",
            data={"action": "search_kb", "ticket": "SD-1004", "query": "vetbook"},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200, response.status_code

    ms = cpu_ms(act, 20)
    label = "POST .../actions (search, htmx)"
    print(f"{label:40} {ms:7.3f} ms CPU/request   requests/s ratio to hello {base / ms:5.3f}")


if __name__ == "__main__":
    main()
