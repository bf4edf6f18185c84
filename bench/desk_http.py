"""Requests/s of the desk pages as a ratio to the bare Flask "hello" app, in one run.

Reuses bench/http_bench.py (same instance preparation, gunicorn settings and wrk load). A learner
with a shift in progress (the guided scenario, twelve actions in) is prepared first. The shift page
replays that log once per worker and then serves the replay from the in-process cache; on a busy
machine compare versions with bench/desk_pages.py (CPU per request) instead.

    python bench/desk_http.py [--seconds 5] [--connections 16]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from http_bench import BIN, ROOT, gunicorn, prepare_instance, sign_in, wrk  # noqa: E402

PREPARE = """
from sqlalchemy import select
from servicedojo import create_app
from servicedojo.accounts.models import User
from servicedojo.desk import service
from servicedojo.extensions import db
app = create_app()
with app.app_context():
    user = db.session.scalar(select(User).where(User.username == "bench-user"))
    shift = service.start_shift(user, "harbourside-first-shift", "practice")
    scenario = service.scenario_of(shift.scenario_version)
    for action in service.model_answer(scenario)[:12]:
        service.record_action(user, shift.id, action.to_json())
    print(shift.id)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    env, password = prepare_instance("learner")  # schema by migration, all content, the bench user
    shift_id = (
        subprocess.run(
            [str(BIN / "python"), "-c", PREPARE], env=env, cwd=ROOT, check=True, capture_output=True, text=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    paths = ["/desk/", f"/desk/shifts/{shift_id}", f"/desk/shifts/{shift_id}?ticket=SD-1004"]
    with gunicorn("hello_app:app", dict(os.environ), ROOT / "bench") as hello_base:
        wrk(hello_base + "/", 1, args.connections, None)
        hello = wrk(hello_base + "/", args.seconds, args.connections, None)
    print(f"{'hello (bare Flask)':40} {hello:10.1f} req/s")
    with gunicorn("servicedojo:create_app()", env, ROOT) as base:
        cookie = sign_in(base, password)
        for path in paths:
            wrk(base + path, 1, args.connections, cookie)
            rate = wrk(base + path, args.seconds, args.connections, cookie)
            print(f"{path:40} {rate:10.1f} req/s   ratio to hello {rate / hello:5.2f}")


if __name__ == "__main__":
    main()
