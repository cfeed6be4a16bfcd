"""Voting rounds: creation and rules, the ballot's candidates, turnout, the deputy's ballot screen,
the refusals of advance(), and publication carrying the candidates' targets to the projects."""

from dataclasses import fields
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from db.core.errors import Forbidden, Refused
from db.core.models import AuditEntry
from db.core.session import read_scope, session_scope
from db.projects.editing import IndicatorInput
from db.projects.models import Indicator, Project
from db.system.models import Deputy, Year
from db.vote import candidates, voting
from db.vote.candidates import CandidateInput
from db.vote.models import Candidate, VotingRound, round_candidate, round_elector
from tests import ballots, factories
from tests.conftest import fresh
from tests.factories import actor_of

YEAR = 2027


@pytest.fixture
def stage(session):
    """2027 with 7 places by the ballots-cast rule, office staff, three active deputies and a
    retired one, and four candidates (the first two with targets)."""
    factories.year(session, YEAR)
    year = session.get(Year, YEAR)
    year.places, year.threshold_rule = 7, "ballots_half"
    session.commit()
    lead = factories.department(session)
    office = actor_of(session, factories.account(session, "staff").username)
    deputies = [actor_of(session, factories.account(session, "deputy").username) for _ in range(3)]
    retired = factories.account(session, "deputy")
    retired.deputy.active = False
    session.commit()
    retired_actor = actor_of(session, retired.username)
    targets = {
        "新建幼儿园": (IndicatorInput(None, "新建幼儿园", "所", "3"), IndicatorInput(None, "新增学位", "个", "900")),
        "社区卫生服务站": (IndicatorInput(None, "新建站点", "个", "12.5"),),
        "社区食堂": (),
        "口袋公园": (),
    }
    ids = []
    with session_scope() as s:
        for title, promised in targets.items():
            data = CandidateInput(title, "公共教育", f"{title}的简介", lead.id, "150.5", promised)
            ids.append(candidates.save_candidate(s, office, YEAR, None, data))
    fresh(session)  # the arranging session's next write must not start from a stale snapshot
    return SimpleNamespace(office=office, deputies=deputies, retired=retired_actor, ids=ids, lead=lead)


def create(actor, year=YEAR, **rules):
    with session_scope() as s:
        return voting.create_round(s, actor, year, **rules)


def update(actor, round_id, places, max_picks, rule):
    with session_scope() as s:
        voting.update_round(s, actor, round_id, places, max_picks, rule)


def advance(actor, round_id, **confirmed):
    with session_scope() as s:
        return ballots.advance(s, actor, round_id, **confirmed)


def cast(actor, round_id, picks):
    return ballots.cast(actor, round_id, picks)


def view(round_id):
    with read_scope() as s:
        return voting.round_view(s, round_id)


def on_ballot(round_id):
    with read_scope() as s:
        return [c.title for c in voting.round_candidates(s, round_id)]


def turnout(round_id):
    with read_scope() as s:
        return voting.turnout(s, round_id)


def screen(actor):
    with read_scope() as s:
        return voting.ballot_screen(s, actor)


def counts(session):
    """Rounds, frozen candidates, frozen electors, projects, project indicators, audit rows."""
    fresh(session)
    tables = (VotingRound, round_candidate, round_elector, Project, Indicator, AuditEntry)
    return tuple(session.scalar(select(func.count()).select_from(t)) for t in tables)


def audit_rows(session, entity):
    fresh(session)
    return session.scalars(select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)).all()


def outsider(session, role, department_id):
    if role == "department staff":
        return actor_of(session, factories.account(session, "staff", department_id=department_id).username)
    return actor_of(session, factories.account(session, role).username)


# --- Creating and changing a round ---------------------------------------------------------------


def test_a_new_round_takes_its_places_and_pass_rule_from_the_year(session, stage):
    round_id = create(stage.office)
    assert view(round_id) == voting.RoundView(round_id, YEAR, "draft", 7, 7, "ballots_half")
    (created,) = audit_rows(session, "voting_round")
    assert (created.action, created.entity_id, created.before) == ("create", str(round_id), None)
    assert created.after == {
        "year": YEAR,
        "places": 7,
        "max_picks": 7,
        "threshold_rule": "ballots_half",
        "turnout_floor": 50,
    }


def test_rules_given_on_creation_override_the_years_settings(session, stage):
    round_id = create(stage.office, places=6, max_picks=4, threshold_rule="electorate_half")
    assert view(round_id) == voting.RoundView(round_id, YEAR, "draft", 6, 4, "electorate_half")


def test_a_second_round_for_a_year_is_refused_and_nothing_is_written(session, stage):
    create(stage.office)
    before = counts(session)
    with pytest.raises(Refused) as refused:
        create(stage.office, places=3)
    assert (refused.value.reason, refused.value.params) == ("vote.year_has_round", {"year": YEAR})
    assert counts(session) == before


def test_a_round_for_a_year_that_does_not_exist_is_refused(session, stage):
    with pytest.raises(Refused, match="error.not_found"):
        create(stage.office, year=2099)
    assert counts(session)[0] == 0


@pytest.mark.parametrize(
    ("rules", "reason"),
    [
        ({"places": 0}, "vote.places_invalid"),
        ({"places": 51}, "vote.places_invalid"),
        ({"places": -3}, "vote.places_invalid"),
        ({"max_picks": 0}, "vote.places_invalid"),
        ({"max_picks": 51}, "vote.places_invalid"),
        ({"threshold_rule": "unanimous"}, "vote.rule_unknown"),
        ({"turnout_floor": -1}, "vote.turnout_floor_invalid"),
        ({"turnout_floor": 100}, "vote.turnout_floor_invalid"),
    ],
)
def test_a_round_with_bad_rules_is_refused_on_creation_and_nothing_is_written(session, stage, rules, reason):
    before = counts(session)
    with pytest.raises(Refused) as refused:
        create(stage.office, **rules)
    assert refused.value.reason == reason
    assert counts(session) == before


def test_a_draft_rounds_rules_can_change_and_the_change_is_audited_with_before_and_after(session, stage):
    round_id = create(stage.office)
    update(stage.office, round_id, 5, 3, "electorate_half")
    assert view(round_id) == voting.RoundView(round_id, YEAR, "draft", 5, 3, "electorate_half")
    _, updated = audit_rows(session, "voting_round")
    assert (updated.action, updated.entity_id) == ("update", str(round_id))
    assert updated.before == {
        "year": YEAR,
        "places": 7,
        "max_picks": 7,
        "threshold_rule": "ballots_half",
        "turnout_floor": 50,
    }
    assert updated.after == {
        "year": YEAR,
        "places": 5,
        "max_picks": 3,
        "threshold_rule": "electorate_half",
        "turnout_floor": 50,
    }


@pytest.mark.parametrize(
    ("places", "picks", "reason"),
    [(8, 7, "vote.places_over_year"), (5, 6, "vote.picks_over_places")],  # the year has 7 places
)
def test_more_places_than_the_year_or_more_picks_than_places_are_refused(session, stage, places, picks, reason):
    round_id = create(stage.office)
    with pytest.raises(Refused) as refused:
        update(stage.office, round_id, places, picks, "ballots_half")
    assert refused.value.reason == reason


def test_saving_the_same_rules_again_writes_no_audit_row(session, stage):
    round_id = create(stage.office)
    before = counts(session)
    update(stage.office, round_id, 7, 7, "ballots_half")
    assert counts(session) == before


@pytest.mark.parametrize(
    ("places", "max_picks", "rule", "reason"),
    [
        (0, 7, "ballots_half", "vote.places_invalid"),
        (51, 7, "ballots_half", "vote.places_invalid"),
        (7, 0, "ballots_half", "vote.places_invalid"),
        (7, 51, "ballots_half", "vote.places_invalid"),
        (7, 7, "", "vote.rule_unknown"),
        (7, 7, "most_votes", "vote.rule_unknown"),
    ],
)
def test_bad_rules_are_refused_on_update_and_the_round_stays_as_it_was(session, stage, places, max_picks, rule, reason):
    round_id = create(stage.office)
    before = counts(session)
    with pytest.raises(Refused) as refused:
        update(stage.office, round_id, places, max_picks, rule)
    assert refused.value.reason == reason
    assert counts(session) == before
    assert view(round_id) == voting.RoundView(round_id, YEAR, "draft", 7, 7, "ballots_half")


def test_the_rules_are_frozen_once_the_round_opens(session, stage):
    round_id = create(stage.office)
    for state in ("open", "closed", "published"):  # nobody voted: publishing needs the second confirmation
        assert advance(stage.office, round_id, low_turnout_accepted=True) == state
        before = counts(session)
        with pytest.raises(Refused) as refused:
            update(stage.office, round_id, 3, 3, "electorate_half")
        assert refused.value.reason == "vote.rules_frozen"
        assert counts(session) == before
        assert view(round_id) == voting.RoundView(round_id, YEAR, state, 7, 7, "ballots_half")


def test_an_unknown_round_is_not_found(session, stage):
    with pytest.raises(Refused, match="error.not_found"):
        update(stage.office, 999_999, 7, 7, "ballots_half")
    with pytest.raises(Refused, match="error.not_found"), read_scope() as s:
        voting.round_view(s, 999_999)


@pytest.mark.parametrize("role", ["deputy", "leader", "department staff"])
def test_deputies_leaders_and_department_staff_may_not_manage_rounds(session, stage, role):
    someone = outsider(session, role, stage.lead.id)
    round_id = create(stage.office)
    before = counts(session)
    with pytest.raises(Forbidden):
        create(someone, year=YEAR)
    with pytest.raises(Forbidden):
        update(someone, round_id, 3, 3, "electorate_half")
    with pytest.raises(Forbidden):
        advance(someone, round_id)
    assert counts(session) == before
    assert view(round_id).state == "draft"


def test_rounds_are_listed_newest_year_first_and_by_year(session, stage):
    factories.year(session, 2026)
    factories.year(session, 2028)
    ids = {year: create(stage.office, year=year) for year in (2026, YEAR, 2028)}
    with read_scope() as s:
        assert [r.year for r in voting.rounds(s)] == [2028, YEAR, 2026]
        assert voting.rounds(s, YEAR) == [voting.round_view(s, ids[YEAR])]
        assert voting.rounds(s, 2030) == []


# --- The ballot's candidates and the turnout ---------------------------------------------------


def test_a_draft_ballot_shows_the_years_list_as_it_changes(session, stage):
    factories.year(session, 2028)
    round_id = create(stage.office)
    with session_scope() as s:
        data = CandidateInput("别年的项目", "公共教育", "", stage.lead.id, 1, ())
        candidates.save_candidate(s, stage.office, 2028, None, data)  # another year's: not on this ballot
        candidates.save_candidate(
            s, stage.office, YEAR, None, CandidateInput("新增项目", "公共教育", "", stage.lead.id, 1, ())
        )
        candidates.delete_candidate(s, stage.office, YEAR, stage.ids[3])
    assert on_ballot(round_id) == ["新建幼儿园", "社区卫生服务站", "社区食堂", "新增项目"]


def test_a_candidate_added_after_the_round_opened_is_not_on_the_ballot(session, stage):
    round_id = create(stage.office)
    advance(stage.office, round_id)
    # Written past the service, which refuses any change to a frozen list.
    late = Candidate(
        year=YEAR, title="后来的项目", field="公共教育", lead_department_id=stage.lead.id, estimated_budget=Decimal(1)
    )
    fresh(session).add(late)
    session.commit()
    with read_scope() as s:
        assert len(candidates.candidates(s, YEAR)) == 5
    assert on_ballot(round_id) == ["新建幼儿园", "社区卫生服务站", "社区食堂", "口袋公园"]
    assert [c.title for c in screen(stage.deputies[0]).candidates] == on_ballot(round_id)
    with pytest.raises(Refused, match="vote.unknown_candidate"):
        cast(stage.deputies[0], round_id, [late.id])
    advance(stage.office, round_id)
    assert on_ballot(round_id) == ["新建幼儿园", "社区卫生服务站", "社区食堂", "口袋公园"]


def test_the_ballot_shows_each_candidates_description_and_targets(session, stage):
    round_id = create(stage.office)
    advance(stage.office, round_id)
    with read_scope() as s:
        first = voting.round_candidates(s, round_id)[0]
    assert (first.title, first.description, first.estimated_budget) == ("新建幼儿园", "新建幼儿园的简介", 150.5)
    assert [(t.name, t.unit, t.target) for t in first.targets] == [("新建幼儿园", "所", 3.0), ("新增学位", "个", 900.0)]


def test_turnout_counts_ballots_against_the_electorate_frozen_when_the_round_opened(session, stage):
    round_id = create(stage.office)
    assert turnout(round_id) == voting.Turnout(cast=0, electorate=3)  # active deputies; the retired one is not
    advance(stage.office, round_id)
    assert turnout(round_id) == voting.Turnout(0, 3)
    fresh(session).get(Deputy, stage.deputies[0].deputy_id).active = False
    session.commit()
    factories.deputy(session)  # two join after the round opened: 4 active deputies now, 3 electors
    factories.deputy(session)
    assert turnout(round_id) == voting.Turnout(0, 3)
    cast(stage.deputies[1], round_id, stage.ids[:2])
    cast(stage.deputies[2], round_id, [])  # an empty ballot is cast too
    assert turnout(round_id) == voting.Turnout(2, 3)
    advance(stage.office, round_id)
    assert turnout(round_id) == voting.Turnout(2, 3)


def test_turnout_never_counts_per_candidate(session, stage):
    assert [f.name for f in fields(voting.Turnout)] == ["cast", "electorate"]


# --- The deputy's ballot screen -----------------------------------------------------------------


def test_the_ballot_screen_says_when_there_is_no_round_to_vote_in(session, stage):
    first = stage.deputies[0]
    assert screen(first) == voting.BallotScreen(None, (), "no_round")
    create(stage.office)
    assert screen(first) == voting.BallotScreen(None, (), "no_round")  # a draft is not for deputies yet


def test_the_ballot_screen_of_an_elector_lists_the_candidates_until_the_ballot_is_cast(session, stage):
    first, second, _ = stage.deputies
    round_id = create(stage.office)
    advance(stage.office, round_id)
    open_round = view(round_id)
    shown = screen(first)
    assert (shown.round, shown.status) == (open_round, "can_vote")
    assert [c.id for c in shown.candidates] == stage.ids
    cast(first, round_id, stage.ids[:1])
    assert screen(first) == voting.BallotScreen(open_round, (), "cast")
    assert screen(second).status == "can_vote"


def test_the_ballot_screen_takes_an_open_rounds_candidates_from_the_loader_it_is_given(session, stage):
    round_id = create(stage.office)
    advance(stage.office, round_id)
    asked = []
    with read_scope() as s:
        shown = voting.ballot_screen(s, stage.deputies[0], lambda r: asked.append(r) or ["cached"])
    assert asked == [round_id] and shown.candidates == ("cached",)


def test_the_ballot_screen_tells_a_deputy_outside_the_electorate_why(session, stage):
    round_id = create(stage.office)
    advance(stage.office, round_id)
    newcomer = actor_of(session, factories.account(fresh(session), "deputy").username)  # joined after opening
    assert screen(stage.retired) == voting.BallotScreen(view(round_id), (), "not_elector")
    assert screen(newcomer).status == "not_elector"


def test_the_ballot_screen_says_the_vote_is_over_once_the_round_closes(session, stage):
    round_id = create(stage.office)
    advance(stage.office, round_id)
    advance(stage.office, round_id)
    assert screen(stage.deputies[0]) == voting.BallotScreen(view(round_id), (), "over")
    advance(stage.office, round_id, low_turnout_accepted=True)  # nobody voted
    assert screen(stage.deputies[0]) == voting.BallotScreen(view(round_id), (), "over")


@pytest.mark.parametrize("role", ["staff", "admin", "leader"])
def test_only_deputies_have_a_ballot_screen(session, stage, role):
    with pytest.raises(Forbidden):
        screen(actor_of(session, factories.account(session, role).username))


# --- advance() refusals --------------------------------------------------------------------------


def test_a_round_cannot_open_when_the_year_already_has_projects(session, stage):
    round_id = create(stage.office)
    factories.project(fresh(session), year_number=YEAR)
    before = counts(session)
    with pytest.raises(Refused) as refused:
        advance(stage.office, round_id)
    assert (refused.value.reason, refused.value.params) == ("vote.year_has_projects", {"year": YEAR})
    assert counts(session) == before
    assert view(round_id).state == "draft"


def test_a_round_cannot_publish_when_projects_appeared_for_the_year_meanwhile(session, stage):
    round_id = create(stage.office)
    advance(stage.office, round_id)
    for deputy in stage.deputies:
        cast(deputy, round_id, stage.ids[:2])
    advance(stage.office, round_id)
    factories.project(fresh(session), year_number=YEAR)
    before = counts(session)
    with pytest.raises(Refused, match="vote.year_has_projects"):
        advance(stage.office, round_id)
    assert counts(session) == before
    assert view(round_id).state == "closed"


def test_a_round_cannot_open_without_active_deputies(session, stage):
    round_id = create(stage.office)
    fresh(session)
    for deputy in session.scalars(select(Deputy)):
        deputy.active = False
    session.commit()
    before = counts(session)
    with pytest.raises(Refused, match="vote.no_electorate"):
        advance(stage.office, round_id)
    assert counts(session) == before  # the candidates it froze on the way are rolled back too
    assert view(round_id).state == "draft"


def test_a_round_cannot_open_without_candidates(session, stage):
    factories.year(session, 2028)
    round_id = create(stage.office, year=2028)
    before = counts(session)
    with pytest.raises(Refused, match="vote.no_candidates"):
        advance(stage.office, round_id)
    assert counts(session) == before
    assert view(round_id).state == "draft"


# --- Publication --------------------------------------------------------------------------------


def test_publication_carries_the_elected_candidates_targets_to_their_projects_and_audits_each(session, stage):
    kindergarten, clinic, canteen, _ = stage.ids
    round_id = create(stage.office, places=2, threshold_rule="electorate_half")
    advance(stage.office, round_id)
    first, second, third = stage.deputies
    cast(first, round_id, [kindergarten, clinic])
    cast(second, round_id, [kindergarten, clinic])
    cast(third, round_id, [kindergarten, canteen])
    advance(stage.office, round_id)
    audited = len(audit_rows(session, "project"))
    assert advance(stage.office, round_id) == "published"
    projects = fresh(session).scalars(select(Project).where(Project.year == YEAR).order_by(Project.number)).all()
    assert [(p.number, p.title) for p in projects] == [(1, "新建幼儿园"), (2, "社区卫生服务站")]
    first_project, second_project = projects
    assert (first_project.field, first_project.description, first_project.lead_department_id) == (
        "公共教育",
        "新建幼儿园的简介",
        stage.lead.id,
    )
    assert first_project.budget == Decimal("150.50")
    assert [(i.name, i.unit, float(i.target), float(i.weight)) for i in first_project.indicators] == [
        ("新建幼儿园", "所", 3.0, 1.0),
        ("新增学位", "个", 900.0, 1.0),
    ]
    assert [(i.name, i.unit, float(i.target)) for i in second_project.indicators] == [("新建站点", "个", 12.5)]
    created = audit_rows(session, "project")[audited:]
    assert [(a.action, a.entity_id, a.actor_username) for a in created] == [
        ("create", str(p.id), stage.office.username) for p in projects
    ]
    assert [a.after for a in created] == [{"title": p.title, "voting_round": round_id} for p in projects]
    # The candidates keep their own targets: the projects' are copies, free to change.
    with read_scope() as s:
        assert len(candidates.candidates(s, YEAR)[0].targets) == 2


def test_an_elected_candidate_without_targets_becomes_a_project_without_indicators(session, stage):
    canteen = stage.ids[2]
    round_id = create(stage.office, places=1, threshold_rule="ballots_half")
    advance(stage.office, round_id)
    for deputy in stage.deputies:
        cast(deputy, round_id, [canteen])
    advance(stage.office, round_id)
    advance(stage.office, round_id)
    (project,) = fresh(session).scalars(select(Project).where(Project.year == YEAR)).all()
    assert (project.title, project.indicators) == ("社区食堂", [])
