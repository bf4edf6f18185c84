"""Maturity use cases: create, invite, answer, close, aggregate. Each public writer commits once.

Aggregation happens in SQL: every saved answer refreshes that respondent's level for the practice
(one GROUP BY over at most 30 statements), and the results are one GROUP BY over those levels.
Results never reveal who answered what: only counts per level leave the database.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, case, delete, distinct, func, or_, select
from sqlalchemy.exc import IntegrityError, OperationalError

from servicedojo.accounts.models import User
from servicedojo.core import clock
from servicedojo.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from servicedojo.extensions import db
from servicedojo.maturity import domain
from servicedojo.maturity.domain import InvalidInput, LevelRule, LevelSummary, PracticeGap, RadarChart, Recommendation
from servicedojo.maturity.models import (
    MaturityAnswer,
    MaturityAssessment,
    MaturityAssessmentPractice,
    MaturityComment,
    MaturityModel,
    MaturityParticipant,
    MaturityRespondentLevel,
    MaturityStatement,
    MaturityTeam,
    MaturityTeamMember,
)
from servicedojo.maturity.schema import MaturityModelFile

DEFAULT_MODEL = "itil4-practices"
MAX_COMMENT = 2000


# --- Models and teams ---------------------------------------------------------------------------


def load_model(model_id: str = DEFAULT_MODEL) -> MaturityModelFile:
    row = db.session.get(MaturityModel, model_id)
    if row is None:
        raise NotFound("No maturity model is loaded yet. An administrator loads it with `servicedojo content sync`.")
    return MaturityModelFile.model_validate(row.data)


def model_loaded(model_id: str = DEFAULT_MODEL) -> bool:
    return db.session.get(MaturityModel, model_id) is not None


def teams_for(user: User) -> list[MaturityTeam]:
    member = select(MaturityTeamMember.team_id).where(MaturityTeamMember.user_id == user.id)
    return list(
        db.session.scalars(
            select(MaturityTeam)
            .where(or_(MaturityTeam.owner_id == user.id, MaturityTeam.id.in_(member)))
            .order_by(MaturityTeam.name)
        )
    )


def _ensure_member(team_id: int, user_id: int) -> None:
    exists = db.session.scalar(
        select(MaturityTeamMember.id).where(
            MaturityTeamMember.team_id == team_id, MaturityTeamMember.user_id == user_id
        )
    )
    if exists is None:
        db.session.add(MaturityTeamMember(team_id=team_id, user_id=user_id))


def _ensure_participant(assessment: MaturityAssessment, user_id: int) -> MaturityParticipant:
    participant = db.session.scalar(
        select(MaturityParticipant).where(
            MaturityParticipant.assessment_id == assessment.id, MaturityParticipant.user_id == user_id
        )
    )
    if participant is None:
        participant = MaturityParticipant(assessment_id=assessment.id, user_id=user_id)
        db.session.add(participant)
        _ensure_member(assessment.team_id, user_id)
        db.session.flush()
    return participant


# --- Creating ---------------------------------------------------------------------------------


@dataclass
class NewAssessment:
    title: str
    team_id: int | None
    new_team_name: str
    #: practice id -> target level as sent by the form (validated here)
    targets: dict[str, str]
    closes_on: date | None
    threshold: str | int = domain.DEFAULT_THRESHOLD
    model_id: str = DEFAULT_MODEL


class InvalidAssessment(DomainError):
    """A creation form problem; ``field`` names the input it belongs to."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def _closing_datetime(closes_on: date) -> datetime:
    """An assessment closes at the end of its closing day (UTC)."""
    return datetime.combine(closes_on, time()) + timedelta(days=1)


def create_assessment(owner: User, new: NewAssessment) -> MaturityAssessment:
    """Validate everything first; any problem raises InvalidAssessment and nothing is written."""
    model = load_model(new.model_id)
    title = (new.title or "").strip()
    if not 3 <= len(title) <= 160:
        raise InvalidAssessment("Give the assessment a title of 3–160 characters.", "title")
    if not new.targets:
        raise InvalidAssessment("Pick at least one practice to assess.", "practices")
    targets: dict[str, int] = {}
    for practice_id, raw in new.targets.items():
        practice = model.practice(practice_id)
        if practice is None:
            raise InvalidAssessment(f"{practice_id[:40]!r} is not a practice of this model.", "practices")
        try:
            targets[practice_id] = domain.parse_level(raw, what=f"The target level for {practice.name}")
        except InvalidInput as error:
            raise InvalidAssessment(str(error), f"target-{practice_id}") from None
    try:
        threshold = domain.check_threshold(new.threshold)
    except InvalidInput as error:
        raise InvalidAssessment(str(error), "threshold") from None
    try:
        closes_on = domain.check_closing_date(new.closes_on, clock.now().date())
    except InvalidInput as error:
        raise InvalidAssessment(str(error), "closes_on") from None

    if new.team_id:
        team = db.session.get(MaturityTeam, new.team_id)
        if team is None or team not in teams_for(owner):
            raise InvalidAssessment("Choose one of your teams, or name a new team.", "team_id")
    else:
        name = (new.new_team_name or "").strip()
        if not 2 <= len(name) <= 120:
            raise InvalidAssessment("Name the team (2–120 characters) or choose one of your teams.", "new_team_name")
        team = MaturityTeam(name=name, owner_id=owner.id)
        db.session.add(team)
        db.session.flush()

    rule = model.level_rule.rule()
    assessment = MaturityAssessment(
        team_id=team.id,
        owner_id=owner.id,
        title=title,
        model_id=model.id,
        model_hash=db.session.get(MaturityModel, model.id).content_hash,  # type: ignore[union-attr]
        level_rule={
            "holds_from": rule.holds_from,
            "more_than_percent": rule.more_than_percent,
            "text": model.level_rule.text,
        },
        anonymity_threshold=threshold,
        invite_code=_free_invite_code(),
        created_at=clock.now(),
        closes_at=_closing_datetime(closes_on),
    )
    db.session.add(assessment)
    db.session.flush()
    position = 0
    for practice in model.practices:  # model order, whatever order the form sent
        if practice.id not in targets:
            continue
        position += 1
        db.session.add(
            MaturityAssessmentPractice(
                assessment_id=assessment.id,
                practice_id=practice.id,
                position=position,
                target_level=targets[practice.id],
                snapshot=practice.model_dump(mode="json"),
            )
        )
        for level in practice.levels:
            for index, text in enumerate(level.statements, start=1):
                db.session.add(
                    MaturityStatement(
                        assessment_id=assessment.id,
                        practice_id=practice.id,
                        level=level.level,
                        position=index,
                        text=text,
                    )
                )
    _ensure_member(team.id, owner.id)
    db.session.flush()
    _ensure_participant(assessment, owner.id)
    db.session.commit()
    return assessment


def _free_invite_code() -> str:
    for _ in range(10):
        code = domain.new_invite_code()
        if db.session.scalar(select(MaturityAssessment.id).where(MaturityAssessment.invite_code == code)) is None:
            return code
    raise Conflict("Could not find a free invitation code; try again.")  # pragma: no cover


# --- Access -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    assessment: MaturityAssessment
    participant: MaturityParticipant | None
    is_owner: bool


def is_closed(assessment: MaturityAssessment, now: datetime | None = None) -> bool:
    return assessment.closed_at is not None or (now or clock.now()) >= assessment.closes_at


def closing_day(assessment: MaturityAssessment) -> date:
    """The last day on which answers can change."""
    return (assessment.closes_at - timedelta(days=1)).date()


def assessment_for(user: User, team_id: int, assessment_id: int) -> Access:
    """The assessment if it belongs to ``team_id`` and the user owns it or was invited."""
    assessment = db.session.get(MaturityAssessment, assessment_id)
    if assessment is None or assessment.team_id != team_id:
        raise NotFound("There is no such assessment in this team. Check the link you followed.")
    participant = db.session.scalar(
        select(MaturityParticipant).where(
            MaturityParticipant.assessment_id == assessment.id, MaturityParticipant.user_id == user.id
        )
    )
    is_owner = assessment.owner_id == user.id
    if participant is None and not is_owner:
        raise PermissionDenied(
            "You have not been invited to this assessment. Open the invitation link or enter the code your team shared."
        )
    return Access(assessment, participant, is_owner)


def _owner_access(user: User, team_id: int, assessment_id: int) -> Access:
    access = assessment_for(user, team_id, assessment_id)
    if not access.is_owner:
        raise PermissionDenied("Only the person who created this assessment can change it or close it.")
    return access


def _open_participant(user: User, team_id: int, assessment_id: int) -> Access:
    access = assessment_for(user, team_id, assessment_id)
    if is_closed(access.assessment):
        raise Conflict("This assessment is closed, so its answers can no longer change.")
    if access.participant is None:
        raise PermissionDenied("You have not joined this assessment. Open its invitation link first.")
    return access


def invitation(raw_code: str) -> MaturityAssessment:
    code = domain.normalise_invite_code(raw_code)
    assessment = db.session.scalar(select(MaturityAssessment).where(MaturityAssessment.invite_code == code))
    if assessment is None:
        raise NotFound("No assessment has that invitation code. Check it with the person who invited you.")
    return assessment


def join(user: User, raw_code: str) -> MaturityAssessment:
    assessment = invitation(raw_code)
    already = db.session.scalar(
        select(MaturityParticipant.id).where(
            MaturityParticipant.assessment_id == assessment.id, MaturityParticipant.user_id == user.id
        )
    )
    if already is None:
        if is_closed(assessment):
            raise Conflict("This assessment has closed; it no longer takes new respondents.")
        _ensure_participant(assessment, user.id)
        db.session.commit()
    return assessment


@dataclass(frozen=True)
class Listed:
    assessment: MaturityAssessment
    is_owner: bool
    closed: bool


def assessments_for(user: User) -> list[Listed]:
    joined = select(MaturityParticipant.assessment_id).where(MaturityParticipant.user_id == user.id)
    rows = db.session.scalars(
        select(MaturityAssessment)
        .where(or_(MaturityAssessment.owner_id == user.id, MaturityAssessment.id.in_(joined)))
        .order_by(MaturityAssessment.created_at.desc(), MaturityAssessment.id.desc())
    )
    now = clock.now()
    return [Listed(row, row.owner_id == user.id, is_closed(row, now)) for row in rows]


# --- Answering ----------------------------------------------------------------------------------


def statements_of(assessment: MaturityAssessment) -> dict[str, dict[int, list[MaturityStatement]]]:
    """practice id -> level -> statements, in order."""
    grouped: dict[str, dict[int, list[MaturityStatement]]] = defaultdict(lambda: defaultdict(list))
    for statement in db.session.scalars(
        select(MaturityStatement)
        .where(MaturityStatement.assessment_id == assessment.id)
        .order_by(MaturityStatement.practice_id, MaturityStatement.level, MaturityStatement.position)
    ):
        grouped[statement.practice_id][statement.level].append(statement)
    return grouped


def answers_of(participant: MaturityParticipant | None) -> dict[int, int | None]:
    if participant is None:
        return {}
    return dict(
        db.session.execute(
            select(MaturityAnswer.statement_id, MaturityAnswer.score).where(
                MaturityAnswer.participant_id == participant.id
            )
        ).all()  # type: ignore[arg-type]
    )


def comments_of(participant: MaturityParticipant | None) -> dict[str, str]:
    if participant is None:
        return {}
    return dict(
        db.session.execute(
            select(MaturityComment.practice_id, MaturityComment.text).where(
                MaturityComment.participant_id == participant.id
            )
        ).all()  # type: ignore[arg-type]
    )


SAVE_ATTEMPTS = 3


def save_answers(user: User, team_id: int, assessment_id: int, raw_answers: dict[int, str]) -> int:
    """Save several answers at once (statement id -> scale code). All are checked before any is
    written; returns how many were saved. Two saves racing for the same rows (a quick double
    click, two tabs) are retried, so the last answer wins and nothing is lost."""
    for attempt in range(SAVE_ATTEMPTS):
        try:
            return _save_answers_once(user, team_id, assessment_id, raw_answers)
        except (IntegrityError, OperationalError) as error:
            db.session.rollback()
            if attempt == SAVE_ATTEMPTS - 1:
                raise Conflict("Your answer clashed with another save; please try again.") from error
    raise AssertionError("unreachable")  # pragma: no cover


def _save_answers_once(user: User, team_id: int, assessment_id: int, raw_answers: dict[int, str]) -> int:
    access = _open_participant(user, team_id, assessment_id)
    assert access.participant is not None
    if not raw_answers:
        return 0
    statements = {
        row.id: row
        for row in db.session.scalars(
            select(MaturityStatement).where(
                MaturityStatement.assessment_id == access.assessment.id, MaturityStatement.id.in_(list(raw_answers))
            )
        )
    }
    unknown = sorted(set(raw_answers) - set(statements))
    if unknown:
        raise NotFound(f"Statement {unknown[0]} is not part of this assessment; nothing was saved.")
    scores: dict[int, int | None] = {}
    for statement_id, raw in raw_answers.items():
        try:
            scores[statement_id] = domain.parse_answer(raw)
        except InvalidInput as error:
            raise DomainError(f"{error} Nothing was saved.") from None

    participant_id = access.participant.id
    existing = {
        row.statement_id: row
        for row in db.session.scalars(
            select(MaturityAnswer).where(
                MaturityAnswer.participant_id == participant_id, MaturityAnswer.statement_id.in_(list(scores))
            )
        )
    }
    for statement_id, score in scores.items():
        row = existing.get(statement_id)
        if row is None:
            db.session.add(MaturityAnswer(participant_id=participant_id, statement_id=statement_id, score=score))
        elif row.score != score:
            row.score = score
    db.session.flush()
    refresh_levels(access.assessment, participant_id, {statements[sid].practice_id for sid in scores})
    db.session.commit()
    return len(scores)


def rule_of(assessment: MaturityAssessment) -> LevelRule:
    return LevelRule(
        holds_from=int(assessment.level_rule["holds_from"]),
        more_than_percent=int(assessment.level_rule["more_than_percent"]),
    )


def refresh_levels(assessment: MaturityAssessment, participant_id: int, practice_ids: set[str]) -> None:
    """Recompute one respondent's level for the given practices with one GROUP BY query."""
    rule = rule_of(assessment)
    statement, answer = MaturityStatement, MaturityAnswer
    rows = db.session.execute(
        select(
            statement.practice_id,
            statement.level,
            func.count(statement.id),
            func.coalesce(func.sum(case((answer.score >= rule.holds_from, 1), else_=0)), 0),
            func.count(answer.id),
        )
        .select_from(statement)
        .outerjoin(answer, and_(answer.statement_id == statement.id, answer.participant_id == participant_id))
        .where(statement.assessment_id == assessment.id, statement.practice_id.in_(practice_ids))
        .group_by(statement.practice_id, statement.level)
    ).all()
    per_practice: dict[str, dict[int, tuple[int, int]]] = defaultdict(dict)
    answered: dict[str, int] = defaultdict(int)
    for practice_id, level, total, held, count in rows:
        per_practice[practice_id][level] = (int(held), int(total))
        answered[practice_id] += int(count)
    for practice_id in practice_ids:
        key = (participant_id, practice_id)
        row = db.session.get(MaturityRespondentLevel, key)
        if answered[practice_id] == 0:
            if row is not None:
                db.session.delete(row)
            continue
        level = rule.respondent_level(per_practice[practice_id])
        if row is None:
            db.session.add(
                MaturityRespondentLevel(
                    participant_id=participant_id, practice_id=practice_id, assessment_id=assessment.id, level=level
                )
            )
        else:
            row.level = level


def rebuild_levels(assessment: MaturityAssessment) -> None:
    """Recompute every respondent's levels (after a rule change or for checking); commits."""
    db.session.execute(delete(MaturityRespondentLevel).where(MaturityRespondentLevel.assessment_id == assessment.id))
    pairs = db.session.execute(
        select(MaturityAnswer.participant_id, MaturityStatement.practice_id)
        .join(MaturityStatement, MaturityStatement.id == MaturityAnswer.statement_id)
        .where(MaturityStatement.assessment_id == assessment.id)
        .distinct()
    ).all()
    by_participant: dict[int, set[str]] = defaultdict(set)
    for participant_id, practice_id in pairs:
        by_participant[participant_id].add(practice_id)
    for participant_id, practice_ids in by_participant.items():
        refresh_levels(assessment, participant_id, practice_ids)
    db.session.commit()


def save_comment(user: User, team_id: int, assessment_id: int, practice_id: str, text: str) -> None:
    access = _open_participant(user, team_id, assessment_id)
    assert access.participant is not None
    if practice_id not in {p.practice_id for p in access.assessment.practices}:
        raise NotFound("That practice is not part of this assessment; nothing was saved.")
    text = (text or "").strip()
    if len(text) > MAX_COMMENT:
        raise DomainError(f"Keep a comment under {MAX_COMMENT} characters; nothing was saved.")
    row = db.session.scalar(
        select(MaturityComment).where(
            MaturityComment.participant_id == access.participant.id, MaturityComment.practice_id == practice_id
        )
    )
    if not text:
        if row is not None:
            db.session.delete(row)
    elif row is None:
        db.session.add(
            MaturityComment(
                assessment_id=access.assessment.id,
                participant_id=access.participant.id,
                practice_id=practice_id,
                text=text,
            )
        )
    else:
        row.text = text
    db.session.commit()


# --- Owner actions ------------------------------------------------------------------------------


def update_targets(user: User, team_id: int, assessment_id: int, raw_targets: dict[str, str]) -> None:
    access = _owner_access(user, team_id, assessment_id)
    if is_closed(access.assessment):
        raise Conflict("This assessment is closed, so its targets can no longer change.")
    practices = {practice.practice_id: practice for practice in access.assessment.practices}
    parsed: dict[str, int] = {}
    for practice_id, raw in raw_targets.items():
        practice = practices.get(practice_id)
        if practice is None:
            raise NotFound(f"{practice_id[:40]!r} is not a practice of this assessment; nothing was changed.")
        try:
            parsed[practice_id] = domain.parse_level(raw, what=f"The target level for {practice.snapshot['name']}")
        except InvalidInput as error:
            raise DomainError(f"{error} Nothing was changed.") from None
    for practice_id, level in parsed.items():
        practices[practice_id].target_level = level
    db.session.commit()


def close(user: User, team_id: int, assessment_id: int) -> MaturityAssessment:
    access = _owner_access(user, team_id, assessment_id)
    if access.assessment.closed_at is None:
        access.assessment.closed_at = min(clock.now(), access.assessment.closes_at)
        db.session.commit()
    return access.assessment


@dataclass(frozen=True)
class Progress:
    joined: int
    responded: int
    threshold: int


def progress(assessment: MaturityAssessment) -> Progress:
    joined = db.session.scalar(
        select(func.count(MaturityParticipant.id)).where(MaturityParticipant.assessment_id == assessment.id)
    )
    return Progress(int(joined or 0), respondent_count(assessment.id), assessment.anonymity_threshold)


def respondent_count(assessment_id: int) -> int:
    return int(
        db.session.scalar(
            select(func.count(distinct(MaturityRespondentLevel.participant_id))).where(
                MaturityRespondentLevel.assessment_id == assessment_id
            )
        )
        or 0
    )


# --- Results ------------------------------------------------------------------------------------


def level_histograms(assessment_id: int) -> dict[str, dict[int, int]]:
    """practice id -> level -> respondents: the one aggregation query behind every result."""
    rows = db.session.execute(
        select(MaturityRespondentLevel.practice_id, MaturityRespondentLevel.level, func.count())
        .where(MaturityRespondentLevel.assessment_id == assessment_id)
        .group_by(MaturityRespondentLevel.practice_id, MaturityRespondentLevel.level)
    ).all()
    histograms: dict[str, dict[int, int]] = defaultdict(dict)
    for practice_id, level, count in rows:
        histograms[practice_id][int(level)] = int(count)
    return histograms


def visible(assessment: MaturityAssessment, respondents: int | None = None) -> bool:
    count = respondent_count(assessment.id) if respondents is None else respondents
    return domain.results_visible(count, assessment.anonymity_threshold, is_closed(assessment))


@dataclass
class PracticeResult:
    practice_id: str
    name: str
    lesson: str
    target: int
    summary: LevelSummary | None
    previous: int | None = None
    comments: list[str] = field(default_factory=list)
    snapshot: dict[str, Any] = field(default_factory=dict)

    @property
    def achieved(self) -> int | None:
        return self.summary.median if self.summary else None

    @property
    def gap(self) -> int | None:
        return None if self.achieved is None else domain.gap(self.target, self.achieved)

    @property
    def change(self) -> int | None:
        return domain.change(self.achieved, self.previous)

    def level(self, number: int) -> dict[str, Any]:
        return self.snapshot["levels"][number - 1]


@dataclass
class Results:
    assessment: MaturityAssessment
    respondents: int
    visible: bool
    practices: list[PracticeResult]
    recommendations: list[tuple[Recommendation, PracticeResult]]
    compared_with: MaturityAssessment | None
    earlier: list[MaturityAssessment]
    chart: RadarChart | None
    rule_text: str


def _summaries(assessment: MaturityAssessment) -> tuple[int, dict[str, LevelSummary]]:
    respondents = respondent_count(assessment.id)
    summaries = {
        practice_id: domain.summarise(histogram)
        for practice_id, histogram in level_histograms(assessment.id).items()
        if sum(histogram.values()) >= assessment.anonymity_threshold
    }
    return respondents, summaries


def earlier_assessments(assessment: MaturityAssessment) -> list[MaturityAssessment]:
    """The team's earlier assessments whose results can be shown, newest first."""
    rows = db.session.scalars(
        select(MaturityAssessment)
        .where(
            MaturityAssessment.team_id == assessment.team_id,
            MaturityAssessment.id != assessment.id,
            MaturityAssessment.created_at <= assessment.created_at,
        )
        .order_by(MaturityAssessment.created_at.desc(), MaturityAssessment.id.desc())
    )
    return [row for row in rows if row.id < assessment.id and visible(row)]


def results(assessment: MaturityAssessment, compare_id: int | None = None) -> Results:
    respondents, summaries = _summaries(assessment)
    shown = domain.results_visible(respondents, assessment.anonymity_threshold, is_closed(assessment))
    practices = [
        PracticeResult(
            practice_id=p.practice_id,
            name=p.snapshot["name"],
            lesson=p.snapshot["lesson"],
            target=p.target_level,
            summary=summaries.get(p.practice_id) if shown else None,
            snapshot=p.snapshot,
        )
        for p in assessment.practices
    ]
    earlier = earlier_assessments(assessment) if shown else []
    compared = earlier[0] if earlier else None
    if shown and compare_id is not None:
        compared = next((row for row in earlier if row.id == compare_id), None)
        if compared is None:
            raise NotFound("You can compare only with an earlier assessment of the same team whose results are shown.")
    if compared is not None:
        _, before = _summaries(compared)
        for practice in practices:
            if practice.practice_id in before:
                practice.previous = before[practice.practice_id].median
    recommendations: list[tuple[Recommendation, PracticeResult]] = []
    chart = None
    if shown:
        for practice_id, text in db.session.execute(
            select(MaturityComment.practice_id, MaturityComment.text)
            .where(MaturityComment.assessment_id == assessment.id)
            .order_by(MaturityComment.practice_id, MaturityComment.text)  # never by author or time
        ):
            for practice in practices:
                if practice.practice_id == practice_id:
                    practice.comments.append(text)
        by_id = {practice.practice_id: practice for practice in practices}
        gaps = [
            PracticeGap(p.practice_id, p.achieved, p.target, index, tuple(p.snapshot.get("depends_on", [])))
            for index, p in enumerate(practices)
            if p.achieved is not None
        ]
        recommendations = [(item, by_id[item.practice_id]) for item in domain.order_recommendations(gaps)]
        series: list[tuple[str, str, list[int | None]]] = [
            ("Target", "target", [p.target for p in practices]),
            ("Achieved", "achieved", [p.achieved for p in practices]),
        ]
        if compared is not None:
            series.append((f"Earlier: {compared.title}", "previous", [p.previous for p in practices]))
        chart = domain.radar_chart([p.name for p in practices], series)
    return Results(
        assessment=assessment,
        respondents=respondents,
        visible=shown,
        practices=practices,
        recommendations=recommendations,
        compared_with=compared,
        earlier=earlier,
        chart=chart,
        rule_text=assessment.level_rule["text"],
    )


def results_for(user: User, team_id: int, assessment_id: int, compare_id: int | None = None) -> Results:
    access = assessment_for(user, team_id, assessment_id)
    found = results(access.assessment, compare_id)
    if not found.visible:
        if not is_closed(access.assessment):
            raise Conflict("Results appear once the assessment closes.")
        raise Conflict(
            f"Results stay hidden: fewer than {access.assessment.anonymity_threshold} people answered, "
            "so answers could be traced back to individuals."
        )
    return found


CSV_COLUMNS = [
    "practice_id",
    "practice",
    "target_level",
    "achieved_level",
    "respondents",
    "lowest_level",
    "highest_level",
    "spread",
    "disagreement",
    "gap",
    "earlier_level",
    "change",
    "recommendation_rank",
]


def results_csv(found: Results) -> str:
    ranks = {item.practice_id: rank for rank, (item, _) in enumerate(found.recommendations, start=1)}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in found.practices:
        s = p.summary
        writer.writerow(
            [
                p.practice_id,
                p.name,
                p.target,
                _blank(p.achieved),
                s.respondents if s else 0,
                _blank(s and s.lowest),
                _blank(s and s.highest),
                _blank(s and s.spread),
                ("yes" if s.disagreement else "no") if s else "",
                _blank(p.gap),
                _blank(p.previous),
                _blank(p.change),
                ranks.get(p.practice_id, ""),
            ]
        )
    return out.getvalue()


def _blank(value: Any) -> Any:
    return "" if value is None else value


def results_json(found: Results) -> dict[str, Any]:
    a = found.assessment
    return {
        "assessment": {
            "id": a.id,
            "title": a.title,
            "team": a.team.name,
            "model": a.model_id,
            "created_at": a.created_at.isoformat(),
            "closes_at": a.closes_at.isoformat(),
            "closed_at": a.closed_at.isoformat() if a.closed_at else None,
            "respondents": found.respondents,
            "anonymity_threshold": a.anonymity_threshold,
        },
        "level_rule": found.rule_text,
        "compared_with": (
            {"id": found.compared_with.id, "title": found.compared_with.title} if found.compared_with else None
        ),
        "practices": [
            {
                "id": p.practice_id,
                "name": p.name,
                "target_level": p.target,
                "achieved_level": p.achieved,
                "respondents": p.summary.respondents if p.summary else 0,
                "distribution": list(p.summary.distribution) if p.summary else None,
                "lowest_level": p.summary.lowest if p.summary else None,
                "highest_level": p.summary.highest if p.summary else None,
                "spread": p.summary.spread if p.summary else None,
                "disagreement": p.summary.disagreement if p.summary else None,
                "gap": p.gap,
                "earlier_level": p.previous,
                "change": p.change,
                "comments": p.comments,
            }
            for p in found.practices
        ],
        "recommendations": [
            {
                "rank": rank,
                "practice_id": item.practice_id,
                "gap": item.gap,
                "levels": [
                    {"level": level, "recommendation": practice.level(level)["recommendation"]} for level in item.levels
                ],
                "after": list(item.after),
            }
            for rank, (item, practice) in enumerate(found.recommendations, start=1)
        ],
    }
