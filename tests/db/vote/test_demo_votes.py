"""Demo votes: a published round behind every demo year's projects, and next year's draft round."""

from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import demo
from db.core import migrate
from db.core.session import session_scope
from db.demo.pool.reference import DEPARTMENTS
from db.projects import progress
from db.projects.editing import FIELDS
from db.projects.models import Project
from db.system import reference
from db.system.models import Deputy, Year
from db.vote import voting
from db.vote.models import Ballot, BallotPick, BallotTracker, Participation
from tests import ballots
from tests.conftest import TODAY, fresh
from tests.factories import actor_of

DEMO_YEARS = range(TODAY.year - 5, TODAY.year + 1)
NEXT_YEAR = TODAY.year + 1


def seeded(engine, session: Session) -> Session:
    migrate.prepare(demo_mode=True, today=TODAY, engine=engine)
    return fresh(session)


def only_round(session: Session, year: int) -> voting.RoundView:
    rounds = voting.rounds(session, year)
    assert len(rounds) == 1, year
    return rounds[0]


def project_titles(session: Session, year: int) -> set[str]:
    return set(session.scalars(select(Project.title).where(Project.year == year)))


def test_every_demo_year_has_one_published_round_that_elects_exactly_its_ten_projects(engine, session):
    seeded(engine, session)
    for year in DEMO_YEARS:
        round_ = only_round(session, year)
        assert (round_.state, round_.places, round_.max_picks) == ("published", 10, 10)
        assert round_.threshold_rule == "electorate_half"
        candidates = {c.id: c for c in voting.round_candidates(session, round_.id)}
        assert 12 <= len(candidates) <= 15 and len({c.title for c in candidates.values()}) == len(candidates)
        result = voting.results(session, round_.id)
        elected = {candidates[line.candidate_id].title for line in result.tally.lines if line.elected}
        assert elected == project_titles(session, year)
        assert (result.tally.elected, result.tally.unfilled) == (10, 0)
        assert not any(line.tied_at_cutoff for line in result.tally.lines)
        assert all((line.votes > result.electorate / 2) == line.elected for line in result.tally.lines)


def test_turnout_is_between_90_and_98_percent_with_one_ballot_per_participation(demo_session):
    deputies = demo_session.scalar(select(func.count(Deputy.id)).where(Deputy.active.is_(True)))
    for year in DEMO_YEARS:
        round_id = only_round(demo_session, year).id
        turnout = voting.turnout(demo_session, round_id)
        ballots = demo_session.scalar(select(func.count(Ballot.id)).where(Ballot.round_id == round_id))
        assert turnout.electorate == deputies and turnout.cast == ballots
        assert 0.90 <= turnout.cast / turnout.electorate <= 0.98


def test_no_demo_ballot_holds_more_picks_than_allowed_and_a_few_are_short(demo_session):
    for year in DEMO_YEARS:
        round_ = only_round(demo_session, year)
        picks_per_ballot = Counter(
            demo_session.scalars(select(BallotPick.ballot_id).join(Ballot).where(Ballot.round_id == round_.id))
        )
        ballot_ids = demo_session.scalars(select(Ballot.id).where(Ballot.round_id == round_.id)).all()
        assert max(picks_per_ballot.values()) <= round_.max_picks
        assert 0 < sum(picks_per_ballot[b] < round_.max_picks for b in ballot_ids) < len(ballot_ids) / 10
        assert all(len(b) == 32 and int(b, 16) >= 0 for b in ballot_ids)


def test_an_elected_candidate_carries_the_figures_of_the_project_it_became(demo_session):
    for year in DEMO_YEARS:
        candidates = {c.title: c for c in voting.round_candidates(demo_session, only_round(demo_session, year).id)}
        for project in demo_session.scalars(select(Project).where(Project.year == year)):
            candidate = candidates[project.title]
            assert (candidate.field, candidate.description) == (project.field, project.description)
            assert candidate.lead_department_id == project.lead_department_id
            assert candidate.estimated_budget == float(project.budget)
            assert [(t.name, t.unit, t.target) for t in candidate.targets] == [
                (i.name, i.unit, float(i.target)) for i in project.indicators
            ]


def test_next_year_has_a_draft_round_of_thirteen_candidates_each_with_targets(demo_session):
    year = demo_session.get(Year, NEXT_YEAR)
    assert year is not None and year.session_name == demo.session_name(NEXT_YEAR) and year.places == 10
    round_ = only_round(demo_session, NEXT_YEAR)
    assert (round_.state, round_.places, round_.max_picks) == ("draft", 10, 10)
    assert round_.threshold_rule == "electorate_half"
    candidates = voting.round_candidates(demo_session, round_.id)
    assert len(candidates) == 13 and len({c.title for c in candidates}) == 13
    demo_departments = {name for _, name in DEPARTMENTS}
    for c in candidates:
        assert c.field in FIELDS and c.lead_department in demo_departments and c.description
        assert 100 <= c.estimated_budget <= 99_999
        assert c.targets and all(t.name and t.unit and t.target > 0 for t in c.targets)
    assert not project_titles(demo_session, NEXT_YEAR)


def test_the_office_opens_next_years_vote_and_a_demo_deputy_casts_a_ballot(engine, session):
    seeded(engine, session)
    round_id = only_round(session, NEXT_YEAR).id
    office, deputy = actor_of(session, "office"), actor_of(session, "d001")
    with session_scope() as s:
        ballots.open_round(s, office, round_id)
    with session_scope() as s:
        screen = voting.ballot_screen(s, deputy)
        assert (screen.round and screen.round.id, screen.status) == (round_id, "can_vote")
    receipt = ballots.cast(deputy, round_id, [c.id for c in screen.candidates[:10]])
    assert len(receipt) == 12
    assert voting.turnout(fresh(session), round_id) == voting.Turnout(cast=1, electorate=377)
    assert session.get(Participation, (round_id, deputy.deputy_id)) is not None


def test_the_progress_pages_still_default_to_this_year_though_next_year_is_listed(demo_session):
    # components.progress_view.year_select starts on today's year when it is listed, else on
    # the newest year listed (reference.years, newest first) — which is now next year's.
    years = [y.year for y in reference.years(demo_session)]
    assert years[0] == NEXT_YEAR and TODAY.year in years
    assert len(progress.year_progress(demo_session, TODAY.year, TODAY)) == 10


def test_the_demo_votes_come_out_the_same_every_time(engine, session, demo_session):
    def fingerprint(s: Session) -> list[tuple[str, int]]:
        picks = func.count(BallotPick.candidate_id)
        rows = s.execute(select(Ballot.id, picks).outerjoin(BallotPick).group_by(Ballot.id))
        trackers = s.scalars(select(BallotTracker.tracker))
        return sorted((ballot, count) for ballot, count in rows) + sorted((t, 0) for t in trackers)

    first = fingerprint(seeded(engine, session))
    assert len(first) >= 2 * len(DEMO_YEARS) * 0.9 * 377 and first == fingerprint(demo_session)
