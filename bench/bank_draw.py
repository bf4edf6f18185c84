"""Mock-exam assembly time from a bank of 100,000 items as a ratio to a bank of 1,000 (target ≤ 2×).

Both banks are synthetic, shaped by the real ITIL 4 Foundation syllabus file, in fresh SQLite files
on this machine, measured in one run. A learner who has already seen some items draws each exam,
so the unseen-first rule is exercised. For contrast it also times the naive way (load every
eligible id per outcome and sample in Python). Usage: python bench/bank_draw.py [--draws 200]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))
os.environ.setdefault("SERVICEDOJO_INSTANCE_PATH", tempfile.mkdtemp(prefix="servicedojo-bench-"))


def build(size: int, folder: Path):  # noqa: ANN201 - returns a Flask app
    from sqlalchemy import insert

    from servicedojo import create_app
    from servicedojo.accounts import service as accounts
    from servicedojo.bank.models import RANDOM_SPACE, LearnerQuestionStat, Question, QuestionVersion
    from servicedojo.core.content.framework import sync_content
    from servicedojo.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / f'bank-{size}.sqlite3'}", "TESTING": True})
    with app.app_context():
        db.create_all()
        root = Path(tempfile.mkdtemp(prefix="servicedojo-bench-root-"))
        (root / "content" / "syllabi").mkdir(parents=True)
        source = ROOT / "content" / "syllabi" / "itil4-foundation.yaml"
        (root / "content" / "syllabi" / "itil4-foundation.yaml").write_text(source.read_text())
        sync_content(app, root)
        user = accounts.create_user("bench", "bench-password-123")
        outcomes = ["LO1", "LO2", "LO3", "LO4", "LO5", "LO6", "LO7"]
        rng = random.Random(size)
        rows = [
            {
                "key": f"q-{n}",
                "source": "file",
                "syllabus_id": "itil4-foundation",
                "learning_outcome": outcomes[n % 7],
                "topic": f"topic-{n % 50}",
                "type": "single",
                "style": "standard",
                "bloom": "BL2",
                "difficulty": 2,
                "exam_eligible": True,
                "active": True,
                "random_key": rng.randrange(RANDOM_SPACE),
                "current_version_id": n + 1,
            }
            for n in range(size)
        ]
        for start in range(0, size, 5000):
            db.session.execute(insert(Question), rows[start : start + 5000])
        data = {"id": "x", "type": "single", "stem": "?", "options": [{"text": "a", "correct": True, "why": "."}]}
        versions = [{"question_id": n + 1, "number": 1, "content_hash": "x", "data": data} for n in range(size)]
        for start in range(0, size, 5000):
            db.session.execute(insert(QuestionVersion), versions[start : start + 5000])
        seen = [
            {
                "user_id": user.id,
                "question_id": n + 1,
                "learning_outcome": outcomes[n % 7],
                "seen": 1,
                "right": 1,
                "wrong": 0,
            }
            for n in range(0, min(size, 300))
        ]
        db.session.execute(insert(LearnerQuestionStat), seen)
        db.session.commit()
        return app, user.id


def time_draws(app, user_id: int, draws: int) -> tuple[float, float]:  # noqa: ANN001
    from sqlalchemy import select

    from servicedojo.bank import service
    from servicedojo.bank.models import Question
    from servicedojo.extensions import db

    with app.app_context():
        shape = service.exam_shape("itil4-foundation")
        service.draw(shape, seed=0, user_id=user_id)  # warm-up
        fast = []
        for seed in range(draws):
            started = time.perf_counter()
            service.draw(shape, seed=seed, user_id=user_id)
            fast.append(time.perf_counter() - started)
        naive = []
        for seed in range(max(5, draws // 20)):
            started = time.perf_counter()
            rng = random.Random(seed)
            for outcome, _title, wanted in shape.outcomes:
                ids = db.session.scalars(select(Question.id).where(Question.learning_outcome == outcome)).all()
                rng.sample(ids, wanted)
            naive.append(time.perf_counter() - started)
        return statistics.median(fast), statistics.median(naive)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=200)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="servicedojo-bench-draw-"))
    results = {}
    for size in (1_000, 100_000):
        app, user_id = build(size, folder)
        results[size] = time_draws(app, user_id, args.draws)
        print(
            f"{size:>7} items: draw {results[size][0] * 1000:7.2f} ms (median of {args.draws}), "
            f"naive load-and-sample {results[size][1] * 1000:8.2f} ms"
        )
    ratio = results[100_000][0] / results[1_000][0]
    naive_ratio = results[100_000][1] / results[1_000][1]
    print(f"ratio 100,000 / 1,000 items: {ratio:.2f}x (target <= 2x); the naive way: {naive_ratio:.1f}x")


if __name__ == "__main__":
    main()
