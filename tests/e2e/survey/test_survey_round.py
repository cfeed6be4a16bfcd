"""A whole satisfaction survey (满意度测评) in the browser (issue 6, "Done means").

The office creates this year's 年终 round through the form and opens it (the demo already has this
year's 年中 round open, so the deputies choose between two). Deputy d010 answers on a phone,
d011 at a desk with the form in two tabs: submitted from one, the other tab's stale submission is
refused and writes nothing. While the round is open nobody sees how a project was rated. The
office opens it with three named tellers and closes it with two of their shares; a leader finds the grades (project 1, 不满意 from both, graded 🔴 不满意 and sent
for rectification; the rest 🟢 满意), the charts, the comments without names, and the ledger's item.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import pytest
from playwright.sync_api import Locator, Page, ViewportSize, expect
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.core import clock
from db.oversight.models import RectificationItem
from db.oversight.rules import RectificationState
from db.projects.models import Project
from db.survey import rounds as survey_rounds
from db.survey.models import SealedAnswers, SurveyParticipation
from db.survey.rules import Level
from db.system.models import Department, Deputy
from tests.e2e.conftest import (
    PHONE,
    NewContext,
    Server,
    auth_cookie,
    choose,
    form_with,
    keyed,
    main,
    no_sideways_scroll,
    open_page,
    options_of,
    settle,
    sign_in,
    wait_idle,
    zh,
)

pytestmark = pytest.mark.e2e

WIDE: ViewportSize = {"width": 1600, "height": 1000}
DEPUTY_A, DEPUTY_B = "d010", "d011"
COMMENT_A = "端到端测试甲：施工拖了半年，周边群众意见很大"
COMMENT_B = "端到端测试乙：建成后没人管护，设施已经损坏"


class ProjectLine(NamedTuple):
    id: int
    label: str  # "1. title", as the survey pages name it
    department: str


# --- the server's database (the test's own bookkeeping, not what the pages show) ----------------


def year_projects(server: Server, year: int) -> list[ProjectLine]:
    query = (
        select(Project.id, Project.number, Project.title, Department.name)
        .join(Department, Department.id == Project.lead_department_id)
        .where(Project.year == year)
        .order_by(Project.number)
    )
    rows = server.read(lambda s: s.execute(query).all())
    return [ProjectLine(i, f"{number}. {title}", department) for i, number, title, department in rows]


def stored(server: Server, round_id: int) -> tuple[int, int]:
    """(participations, sealed answer sets) of the round: while it is open, nothing else is stored."""

    def count(session: Session) -> tuple[int, int]:
        takers = session.scalar(select(func.count()).where(SurveyParticipation.round_id == round_id))
        ratings = session.scalar(select(func.count()).where(SealedAnswers.round_id == round_id))
        return int(takers or 0), int(ratings or 0)

    return server.read(count)


def round_state(server: Server, round_id: int) -> str:
    return server.read(lambda s: survey_rounds.round_view(s, round_id).state)


# --- steps ---------------------------------------------------------------------------------


def round_label(year: int, stage: str, state: str) -> str:
    return zh("survey.round_label", year=year, stage=zh(f"survey_stage.{stage}"), state=zh(f"survey_state.{state}"))


def round_heading(page: Page, year: int, stage: str, state: str) -> Locator:
    return page.get_by_role("heading", name=round_label(year, stage, state), exact=True)


def answered_tile(heading: Locator) -> Locator:
    """The 已提交 figure of the round under `heading` (the open 年中 round has its own, further down)."""
    tile = heading.locator("xpath=following::div[@data-testid='stMetric'][1]")
    expect(tile.get_by_test_id("stMetricLabel")).to_have_text(zh("survey.responses"))
    return tile.get_by_test_id("stMetricValue")


def pick_year_end(page: Page, year: int) -> None:
    """On the survey page: choose the 年终 round among the open ones (the deputy's next to answer comes first)."""
    expect(main(page).get_by_test_id("stRadio").first).to_be_visible()
    picker = main(page).get_by_test_id("stRadio").filter(has_text=zh("survey.round"))
    if picker.count():  # two rounds are open: the 年中 one of the demo, and ours
        picker.get_by_text(round_label(year, "yearend", "open"), exact=True).click()
    expect(round_heading(page, year, "yearend", "open")).to_be_visible()


def open_the_form(page: Page, round_id: int, year: int, projects: Sequence[ProjectLine]) -> None:
    """On the survey page: choose the 年终 round, and wait for its form."""
    pick_year_end(page, year)
    expect(page.get_by_text(zh("survey.instructions", count=len(projects)))).to_be_visible()
    for project in projects:
        expect(keyed(page, f"survey_level_{round_id}_{project.id}")).to_be_visible()
    wait_idle(page)


def rate(page: Page, round_id: int, levels: dict[int, str], comments: dict[int, str]) -> None:
    """Choose a level for every project and write the comments: no rerun until the form is sent."""
    for project_id, level in levels.items():
        radio = keyed(page, f"survey_level_{round_id}_{project_id}")
        radio.get_by_text(zh(f"survey_level.{level}"), exact=True).click()
        expect(radio.get_by_role("radio", name=zh(f"survey_level.{level}"), exact=True)).to_be_checked()
    for project_id, text in comments.items():
        keyed(page, f"survey_comment_{round_id}_{project_id}").locator("textarea").fill(text)


def to_review(page: Page, projects: Sequence[ProjectLine], levels: dict[int, str], comments: dict[int, str]) -> None:
    page.get_by_role("button", name=zh("survey.to_review"), exact=True).click()
    expect(page.get_by_role("heading", name=zh("survey.review_title"))).to_be_visible()
    expect(main(page).get_by_test_id("stForm")).to_have_count(0)
    for project in projects:
        line = f"{project.label}：{zh('survey_level.' + levels[project.id])}"
        expect(main(page).get_by_text(line, exact=True)).to_be_visible()
    for text in comments.values():
        expect(main(page).get_by_text(text, exact=True)).to_be_visible()
    expect(page.get_by_text(zh("survey.final_warning"))).to_be_visible()
    wait_idle(page)


def submit_button(page: Page) -> Locator:
    return main(page).get_by_role("button", name=zh("survey.submit"), exact=True)


def expect_answered(page: Page, key: str) -> None:
    """The deputy is told the answers are in, and offered no form nor a button to send them again."""
    expect(page.get_by_text(zh(key))).to_be_visible()
    expect(main(page).get_by_test_id("stForm")).to_have_count(0)
    expect(submit_button(page)).to_have_count(0)


# st.dataframe draws on a canvas; its grid keeps an accessible table of the cells in view inside it.
GRID_CELLS = """grid => {
    const headers = {};
    grid.querySelectorAll("thead th").forEach(th => headers[th.getAttribute("aria-colindex")] = th.textContent);
    return [...grid.querySelectorAll("tbody tr")].map(tr => [tr.getAttribute("aria-rowindex"),
        [...tr.querySelectorAll("td")].map(td => [headers[td.getAttribute("aria-colindex")], td.textContent])]);
}"""


def grid_rows(frame: Locator, first: str, last: str) -> list[dict[str, str]]:
    """The rows of a st.dataframe, header -> text: read with the grid scrolled to its left, then right end.

    `first` and `last` are the headers of its first and last columns (drawn once scrolled to).
    """
    rows: dict[str, dict[str, str]] = {}
    scroller = frame.locator(".dvn-scroller")
    for header, end in ((first, "0"), (last, "e.scrollWidth")):
        scroller.evaluate(f"e => {{ e.scrollLeft = {end}; }}")
        expect(frame.locator("thead th").get_by_text(header, exact=True)).to_be_attached()
        for index, cells in frame.locator("table").evaluate(GRID_CELLS):
            rows.setdefault(index, {}).update(dict(cells))
    return [rows[index] for index in sorted(rows, key=int)]


# --- the whole round ---------------------------------------------------------------------------


def test_a_year_end_survey_from_opening_to_the_rectification_ledger(server: Server, new_context: NewContext) -> None:
    year = clock.today().year
    office = new_context().new_page()
    sign_in(office, server.url("/survey_rounds"), "office")
    demo = server.read(lambda s: survey_rounds.rounds(s, year))
    assert "yearend" not in [r.stage for r in demo], demo  # the demo's is this year's 年中 round, open
    projects = year_projects(server, year)
    failing, rest = projects[0], projects[1:]
    assert rest, projects

    # The office creates the 年终 round through the form: all the year's projects, the usual rules.
    office.get_by_test_id("stExpander").get_by_text(zh("survey.new_round"), exact=True).click()
    form = form_with(office, f"new_survey_{year}_stage")
    form.get_by_test_id("stRadio").get_by_text(zh("survey_stage.yearend"), exact=True).click()
    expect(form.get_by_role("radio", name=zh("survey_stage.yearend"), exact=True)).to_be_checked()
    form.get_by_role("button", name=zh("survey.create"), exact=True).click()
    expect(office.get_by_text(zh("survey.round_created"))).to_be_visible()
    expect(round_heading(office, year, "yearend", "draft")).to_be_visible()
    wait_idle(office)
    (survey,) = [r for r in server.read(lambda s: survey_rounds.rounds(s, year)) if r.stage == "yearend"]
    assert (survey.state, survey.voter_body, survey.project_ids) == ("draft", "all", tuple(p.id for p in projects))
    assert survey.threshold == survey_rounds.Threshold()

    # Open: the office names three tellers (2 of 3 count), is warned, and sees each share once; the
    # monitor then starts at nobody answered.
    expect(office.get_by_text(zh("tellers.warning"))).to_be_visible()
    keyed(office, f"open_survey_{survey.id}_names").get_by_role("textbox").fill("张监票\n李监票\n王计票")
    form_with(office, f"open_survey_{survey.id}_names").get_by_role(
        "button", name=zh("survey.open"), exact=True
    ).click()
    expect(office.get_by_text(zh("survey.opened"))).to_be_visible()
    expect(office.get_by_text(zh("tellers.shares_once"))).to_be_visible()
    shares = main(office).get_by_test_id("stCode").locator("code")
    expect(shares).to_have_count(3)
    codes = [code.inner_text().strip() for code in shares.all()]
    wait_idle(office)
    office.get_by_role("button", name=zh("tellers.handed_out"), exact=True).click()
    expect(office.get_by_text(zh("tellers.shares_once"))).to_have_count(0)
    heading = round_heading(office, year, "yearend", "open")
    expect(heading).to_be_visible()
    expect(answered_tile(heading)).to_have_text("0")
    expect(office.get_by_text(zh("survey.monitor_note")).first).to_be_visible()
    assert round_state(server, survey.id) == "open"

    # Both deputies fail project 1 and are satisfied with the rest; each comments on project 1.
    levels = {failing.id: Level.DISSATISFIED} | {p.id: Level.SATISFIED for p in rest}
    phone = new_context().new_page()  # d010 on a phone
    phone.set_viewport_size(PHONE)
    sign_in(phone, server.url("/survey"), DEPUTY_A)
    open_the_form(phone, survey.id, year, projects)
    no_sideways_scroll(phone)
    rate(phone, survey.id, levels, {failing.id: COMMENT_A})
    to_review(phone, projects, levels, {failing.id: COMMENT_A})
    no_sideways_scroll(phone)
    submit_button(phone).click()
    expect_answered(phone, "survey.received_now")
    no_sideways_scroll(phone)
    assert stored(server, survey.id) == (1, 1)

    # d011 at a desk has the form in two tabs, both up to the review, and submits from the first.
    desk = new_context().new_page()
    sign_in(desk, server.url("/survey"), DEPUTY_B)
    auth_cookie(desk)
    stale = desk.context.new_page()
    open_page(stale, server.url("/survey"))  # signed in by the cookie: a session of its own
    for page in (desk, stale):
        open_the_form(page, survey.id, year, projects)
        rate(page, survey.id, levels, {failing.id: COMMENT_B})
        to_review(page, projects, levels, {failing.id: COMMENT_B})
    submit_button(desk).click()
    expect_answered(desk, "survey.received_now")
    assert stored(server, survey.id) == (2, 2)
    # The stale tab submits the same answers again: refused with the reason, nothing written; the answers are in.
    submit_button(stale).click()
    expect(stale.get_by_text(zh("survey.already_answered"))).to_be_visible()
    expect_answered(stale, "survey.received")
    expect(stale.get_by_text(zh("survey.received_now"))).to_have_count(0)
    assert stored(server, survey.id) == (2, 2)
    stale.reload()
    expect(stale.get_by_test_id("stApp")).to_have_attribute("data-test-connection-state", "CONNECTED")
    settle(stale)
    pick_year_end(stale, year)  # a new session: the 年中 round, still to answer, comes first
    expect_answered(stale, "survey.received")
    assert stored(server, survey.id) == (2, 2)

    # While open: the monitor counts the answers by itself, and nothing shows how a project was rated.
    expect(answered_tile(heading)).to_have_text("2")  # no reload: it refreshes itself
    expect(main(office).get_by_test_id("stVegaLiteChart")).to_have_count(0)
    auth_cookie(office)
    office_results = office.context.new_page()
    open_page(office_results, server.url("/survey_results"))
    leader = new_context().new_page()
    leader.set_viewport_size(WIDE)  # the tables' every column in view, or at least in two views
    sign_in(leader, server.url("/survey_results"), "leader")
    for page in (office_results, leader):
        expect(page.get_by_role("heading", name=zh("menu.survey_results"))).to_be_visible()
        offered = options_of(page, zh("survey.round"))
        assert offered and not [o for o in offered if o.startswith(f"{year} ")], offered

    # The office closes the round with two of the three tellers' shares (the second teller's is lost):
    # the answers opened and counted, results frozen, project 1 sent to the ledger.
    for number, code in enumerate((codes[2], codes[0]), start=1):
        keyed(office, f"close_survey_{survey.id}_{number}").get_by_role("textbox").fill(code)
    closing = form_with(office, f"close_survey_{survey.id}_1")
    closing.get_by_role("button", name=zh("survey.close_and_count"), exact=True).click()
    expect(office.get_by_text(zh("survey.closed"))).to_be_visible()
    wait_idle(office)
    expect(round_heading(office, year, "yearend", "closed")).to_be_visible()
    assert round_state(server, survey.id) == "closed"
    item = server.read(
        lambda s: s.scalars(
            select(RectificationItem).where(
                RectificationItem.source_kind == "survey", RectificationItem.source_id == survey.id
            )
        ).all(),
    )
    assert [(i.project_id, i.state) for i in item] == [(failing.id, RectificationState.OPEN)], item

    # The leader chooses the round: its grades, the statement of what goes to rectification, the charts.
    open_page(leader, server.url("/survey_results"))
    choose(leader, zh("survey.round"), round_label(year, "yearend", "closed"))
    statement = zh("survey.flagged_statement", count=1, titles=failing.label.split(". ", 1)[1])
    expect(leader.get_by_text(statement)).to_be_visible()
    frame = main(leader).get_by_test_id("stDataFrame")
    expect(frame).to_have_count(1)
    expect(frame.locator("td").get_by_text(failing.label, exact=True)).to_be_attached()  # this round's table
    table = grid_rows(frame, zh("survey.col_project"), zh("survey.col_flagged"))
    grade, flagged = zh("survey.col_grade"), zh("survey.col_flagged")
    assert [row[zh("survey.col_project")] for row in table] == [p.label for p in projects]
    first = table[0]
    assert (first[zh("survey_level.dissatisfied")], first[zh("survey_level.satisfied")]) == ("2", "0"), first
    assert (first[grade], first[flagged]) == ("🔴 不满意", zh("survey.flagged")), first
    assert {(row[grade], row[flagged]) for row in table[1:]} == {("🟢 满意", "")}, table
    charts = main(leader).get_by_test_id("stVegaLiteChart")
    expect(charts).to_have_count(3)  # the answers per project, project 1 across rounds, its department
    for chart in charts.all():
        expect(chart.locator(".marks").first).to_be_visible()  # vega draws a canvas or svg of class "marks"

    # The comments, without anyone's name or code.
    expect(leader.get_by_role("heading", name=zh("survey.comments_title"))).to_be_visible()
    level = zh("survey_level.dissatisfied")
    comments = main(leader).locator("li").filter(has_text="端到端测试")
    expect(comments).to_have_count(2)
    assert sorted(comments.all_inner_texts()) == sorted(
        f"{failing.label} · {level}：{text}" for text in (COMMENT_A, COMMENT_B)
    )
    names = server.read(lambda s: s.scalars(select(Deputy.name).where(Deputy.code.in_([DEPUTY_A, DEPUTY_B]))).all())
    for who in (DEPUTY_A, DEPUTY_B, *names):
        expect(main(leader).get_by_text(who)).to_have_count(0)

    # On to the ledger: project 1's item, from the survey, with the department and the figures.
    main(leader).get_by_test_id("stPageLink-NavLink").filter(has_text=zh("menu.rectification")).click()
    expect(leader.get_by_role("heading", name=zh("menu.rectification"))).to_be_visible()
    settle(leader)
    choose(leader, zh("progress.year"), str(year))
    choose(leader, zh("rectification.col_department"), failing.department)
    source = zh("rectification_source.survey", id=survey.id)
    frame = main(leader).get_by_test_id("stDataFrame")
    expect(frame.locator("td").get_by_text(source, exact=True)).to_be_attached()  # the filtered ledger is drawn
    ledger = grid_rows(frame, zh("rectification.col_project"), zh("rectification.col_evidence"))
    ours = [row for row in ledger if row[zh("rectification.col_source")] == source]
    assert len(ours) == 1, ledger
    assert ours[0][zh("rectification.col_project")] == f"{year} · {failing.label}"
    assert ours[0][zh("rectification.col_state")] == zh("rectification_state.open")
    problem = ours[0][zh("rectification.col_problem")]
    assert problem.startswith(f"{year} 年度年终满意度测评：") and "不满意 2" in problem, problem
