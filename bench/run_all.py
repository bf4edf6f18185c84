"""Run every benchmark once and print its figures (`make bench`). Each script prints ratios measured in one run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RUNS = [
    ["http_bench.py", "/login", "/about", "/lessons/incident-management", "/search?q=incident", "/glossary"],
    ["bank_draw.py"],
    ["bank_autosave.py"],
    ["desk_scoring.py"],
    ["desk_http.py"],
    ["desk_pages.py"],
    ["maturity_aggregate.py"],
]


def main() -> None:
    failed = []
    for script, *args in RUNS:
        print(f"\n== {script} {' '.join(args)}", flush=True)
        if subprocess.run([sys.executable, str(BENCH / script), *args]).returncode != 0:
            failed.append(script)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
