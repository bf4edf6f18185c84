"""Scoring cost of a 1,000-action shift log as a ratio to a 10-action log, measured in one run.

Replay is a single fold over the log, so the ratio should stay near 100 (linear); the target is
at most 120. A quadratic replay (re-validating the whole log per action) would give ~10,000.

    python bench/desk_scoring.py
"""

from __future__ import annotations

import copy
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))

from servicedojo.desk.domain import Scenario, evaluate, parse_log, replay  # noqa: E402

CYCLE = [
    {"action": "open", "ticket": "SD-1001"},
    {"action": "search_kb", "ticket": "SD-1001", "query": "label printer"},
    {"action": "update_caller", "ticket": "SD-1001", "message": "Still looking into it."},
    {"action": "view_cmdb", "ticket": "SD-1001"},
]


def scenario() -> Scenario:
    data = yaml.safe_load((ROOT / "scenarios" / "harbourside-first-shift.yaml").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["shift"]["minutes"] = 24 * 60  # room for 1,000 one-minute actions
    return Scenario.model_validate(data)


def log(length: int) -> list[dict[str, Any]]:
    return [CYCLE[i % len(CYCLE)] for i in range(length - 1)] + [{"action": "close_shift"}]


def score(s: Scenario, raw: list[dict[str, Any]]) -> float:
    return evaluate(replay(s, parse_log(raw))).percent


def timed(s: Scenario, raw: list[dict[str, Any]], repeat: int) -> float:
    """Best-of-5 mean seconds per scoring (parse + replay + evaluate)."""
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeat):
            score(s, raw)
        runs.append((time.perf_counter() - start) / repeat)
    return min(runs)


def main() -> None:
    s = scenario()
    small, large = log(10), log(1000)
    score(s, large)  # warm-up
    t_small = timed(s, small, 400)
    t_large = timed(s, large, 8)
    ratio = t_large / t_small
    print(f"10-action log:    {t_small * 1e3:8.3f} ms")
    print(f"1,000-action log: {t_large * 1e3:8.3f} ms")
    print(f"ratio 1,000 / 10: {ratio:8.1f}   (target <= 120; linear would be about 100)")
    print(f"per action:       {t_large / 1000 * 1e6:8.1f} us")
    sys.exit(0 if ratio <= 120 else 1)


if __name__ == "__main__":
    main()
