"""Requests/s of the desk pages as a ratio to the bare Flask "hello" app, in one run.

Reuses bench/http_bench.py (same gunicorn settings, same wrk load). A learner with a shift in
progress (the guided scenario, twelve actions in) is prepared first, so the shift page replays
a real log on every request.

    python bench/desk_http.py [--seconds 5] [--connections 16]
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from http_bench import BIN, ROOT, gunicorn, sign_in, wrk  # noqa: E402

PREPARE = """
import os
from servicedojo import create_app
from servicedojo.extensions import db
from servicedojo.accounts.service import create_user
from servicedojo.desk import service
app = create_app()
with app.app_context():
    db.create_all()  # the desk tables, until their migration exists
    from servicedojo.core.content.framework import sync_content
    from pathlib import Path
    sync_content(app, Path(app.config["CONTENT_ROOT"]))
    user = create_user("bench-user", os.environ["BENCH_PASSWORD"])
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
    # Like http_bench.prepare_instance, but the desk tables are created with create_all (no migration yet).
    password = secrets.token_urlsafe(12)
    env = dict(
        os.environ,
        SERVICEDOJO_INSTANCE_PATH=tempfile.mkdtemp(prefix="servicedojo-bench-"),
        SECRET_KEY=secrets.token_hex(16),
        BENCH_PASSWORD=password,
    )
    env.pop("DATABASE_URL", None)
    subprocess.run([str(BIN / "servicedojo"), "db", "upgrade"], env=env, check=True, capture_output=True)
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
