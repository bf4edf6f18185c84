"""Aggregating a maturity assessment: 1,000 respondents x 15 practices against 10 respondents.

Run: .venv/bin/python bench/maturity_aggregate.py [--respondents 1000] [--repeat 15]
Set SERVICEDOJO_BENCH_DATABASE_URL to a PostgreSQL URL to measure there (default: a fresh SQLite file).

What is timed is the whole results computation (`service.results`): the respondent count, the
one GROUP BY over per-respondent levels, comments, recommendations and the radar layout. Each
respondent's level is kept current when they save answers, so the results do not re-read every
answer; a second figure shows the naive way (load every answer row and compute in Python) for the
same 1,000 respondents. Prints ratios only against baselines measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))
os.environ.setdefault("SERVICEDOJO_INSTANCE_PATH", tempfile.mkdtemp(prefix="sd-bench-maturity-"))

TARGET_RATIO = 20.0


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    work()  # warm up caches and the connection
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=1000)
    parser.add_argument("--baseline", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    from sqlalchemy import insert, select

    from servicedojo import create_app
    from servicedojo.accounts.models import User
    from servicedojo.core import clock
    from servicedojo.core.content import LoadContext
    from servicedojo.extensions import db
    from servicedojo.maturity import domain, service
    from servicedojo.maturity.content import MaturityKind
    from servicedojo.maturity.models import (
        MaturityAnswer,
        MaturityAssessment,
        MaturityParticipant,
        MaturityStatement,
    )

    url = os.environ.get("SERVICEDOJO_BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True})
    rng = Random(7)
    with app.app_context():
        db.drop_all()
        db.create_all()
        context = LoadContext(root=ROOT)
        kind = MaturityKind()
        kind.load(context)
        kind.sync(context)
        db.session.commit()
        model = service.load_model()
        users = [{"username": f"u{i}", "display_name": f"U{i}", "password_hash": "x"} for i in range(args.respondents)]
        db.session.execute(insert(User), users)
        db.session.commit()
        user_ids = list(db.session.scalars(select(User.id).order_by(User.id)))
        owner = db.session.get(User, user_ids[0])

        def build(respondents: int) -> MaturityAssessment:
            new = service.NewAssessment(
                title=f"{respondents} respondents",
                team_id=None,
                new_team_name=f"Team {respondents}",
                targets={practice.id: "4" for practice in model.practices},
                closes_on=clock.now().date() + timedelta(days=7),
            )
            assessment = service.create_assessment(owner, new)
            statements = db.session.execute(
                select(MaturityStatement.id, MaturityStatement.level).where(
                    MaturityStatement.assessment_id == assessment.id
                )
            ).all()
            db.session.execute(
                insert(MaturityParticipant),
                [{"assessment_id": assessment.id, "user_id": uid} for uid in user_ids[1:respondents]],
            )
            participants = list(
                db.session.scalars(
                    select(MaturityParticipant.id).where(MaturityParticipant.assessment_id == assessment.id)
                )
            )
            rows = []
            for participant_id in participants:
                ceiling = rng.randint(0, 5)
                for statement_id, level in statements:
                    options = [None, 0, 1, 2, 3]
                    score = rng.choice([2, 3]) if level <= ceiling else rng.choice(options)
                    rows.append({"participant_id": participant_id, "statement_id": statement_id, "score": score})
            for start in range(0, len(rows), 20_000):
                db.session.execute(insert(MaturityAnswer), rows[start : start + 20_000])
            db.session.commit()
            service.rebuild_levels(assessment)  # what autosave keeps current, answer by answer
            assessment.closed_at = clock.now()
            db.session.commit()
            return assessment

        small, large = build(args.baseline), build(args.respondents)
        assert service.respondent_count(large.id) == args.respondents
        answers = db.session.query(MaturityAnswer).count()

        def naive(assessment: MaturityAssessment) -> dict[str, int]:
            """The same medians computed by loading every answer row into Python."""
            rule = service.rule_of(assessment)
            rows = db.session.execute(
                select(
                    MaturityAnswer.participant_id,
                    MaturityStatement.practice_id,
                    MaturityStatement.level,
                    MaturityAnswer.score,
                )
                .join(MaturityStatement, MaturityStatement.id == MaturityAnswer.statement_id)
                .where(MaturityStatement.assessment_id == assessment.id)
            ).all()
            totals: dict[tuple[str, int], int] = defaultdict(int)
            for statement in db.session.scalars(
                select(MaturityStatement).where(MaturityStatement.assessment_id == assessment.id)
            ):
                totals[(statement.practice_id, statement.level)] += 1
            held: dict[tuple[int, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
            for participant_id, practice_id, level, score in rows:
                if score is not None and score >= rule.holds_from:
                    held[(participant_id, practice_id)][level] += 1
                else:
                    held[(participant_id, practice_id)].setdefault(level, 0)
            histograms: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
            for (_, practice_id), per_level in held.items():
                level = rule.respondent_level(
                    {lvl: (per_level.get(lvl, 0), totals[(practice_id, lvl)]) for lvl in domain.LEVELS}
                )
                histograms[practice_id][level] += 1
            return {pid: domain.summarise(h).median for pid, h in histograms.items()}

        sql_large = {p.practice_id: p.achieved for p in service.results(large).practices}
        assert naive(large) == sql_large, "the naive and SQL aggregations disagree"

        t_small = median_seconds(lambda: service.results(small), args.repeat)
        t_large = median_seconds(lambda: service.results(large), args.repeat)
        t_naive = median_seconds(lambda: naive(large), max(3, args.repeat // 5))
        db.session.remove()

    backend = url.split(":", 1)[0]
    ratio = t_large / t_small
    print(f"maturity aggregation on {backend}: {len(model.practices)} practices, {answers:,} answer rows stored")
    print(f"  {args.baseline:>5} respondents: {t_small * 1000:8.2f} ms per results page computation (baseline)")
    print(
        f"  {args.respondents:>5} respondents: {t_large * 1000:8.2f} ms  -> ratio {ratio:.1f}x "
        f"(target <= {TARGET_RATIO:.0f}x)"
    )
    print(
        f"  naive Python over every answer row, {args.respondents} respondents: {t_naive * 1000:8.2f} ms "
        f"-> SQL is {t_naive / t_large:.0f}x faster"
    )
    print("PASS" if ratio <= TARGET_RATIO else "OVER TARGET")


if __name__ == "__main__":
    main()
