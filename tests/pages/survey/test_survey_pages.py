"""The satisfaction survey's screens: the deputy's form, the office's rounds, results, comments, scorecard."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from components.text.catalogue import CATALOGUE
from db.core.models import AuditEntry
from db.core.session import read_scope, session_scope
from db.oversight.models import RectificationItem
from db.survey import rounds as survey_rounds
from db.survey.models import SealedAnswers, SurveyParticipation, SurveyRound
from db.survey.rounds import Threshold
from db.system.models import Deputy
from tests import surveys
from tests.conftest import TODAY, fresh
from tests.factories import actor_of
from tests.pages import tellers
from tests.pages.conftest import texts
from tests.tellers import TELLERS

TO_REVIEW = CATALOGUE["survey.to_review"][0]


@pytest.fixture
def year_end(demo_session):
    """This year's 年终 round of all its projects, opened by the office: (round id, project ids)."""
    office = actor_of(demo_session, "office")
    with session_scope() as s:
        round_id = survey_rounds.create_round(s, office, TODAY.year, "yearend")
        surveys.advance(s, office, round_id)
    with read_scope() as s:
        return round_id, list(survey_rounds.round_view(s, round_id).project_ids)


def open_form(open_page, username, round_id):
    """The survey page with this round chosen (the demo also has this year's 年中 round open)."""
    at = open_page(username, "pages/survey.py")
    if any(r.key == "survey_pick" for r in at.get("radio")):
        at.radio(key="survey_pick").set_value(round_id).run()
    return at


def answer(at, round_id, levels, comments=None):
    for project_id, level in levels.items():
        at.radio(key=f"survey_level_{round_id}_{project_id}").set_value(level)
    for project_id, text in (comments or {}).items():
        at.text_area(key=f"survey_comment_{round_id}_{project_id}").input(text)
    return at.button(key=f"FormSubmitter:survey_form_{round_id}-{TO_REVIEW}").click().run()


def close_with(at, round_id, codes):
    """The office's closing screen: the tellers type their shares, then close and count."""
    return tellers.close_with(at, f"close_survey_{round_id}", "survey.close_and_count", codes)


def stored(session, round_id):
    fresh(session)
    participations = select(func.count()).where(SurveyParticipation.round_id == round_id)
    ratings = select(func.count()).where(SealedAnswers.round_id == round_id)  # sealed while open
    return session.scalar(participations), session.scalar(ratings), session.scalar(select(func.count(AuditEntry.id)))


def test_a_deputy_must_rate_every_project_then_reviews_submits_once_and_is_told_it_was_received(
    open_page, demo_session, year_end
):
    round_id, projects = year_end
    before = stored(demo_session, round_id)
    at = open_form(open_page, "d002", round_id)
    at = answer(at, round_id, {projects[0]: "satisfied"})
    numbers = "、".join(str(n) for n in range(2, len(projects) + 1))  # the demo's projects are numbered 1…10
    assert at.error[0].value == f"以下项目还未评价：{numbers}。每个项目都须选择满意程度或弃权，已选的评价都保留着。"
    assert at.radio(key=f"survey_level_{round_id}_{projects[0]}").value == "satisfied"  # choices are kept
    rest = dict.fromkeys(projects[1:], "basically_satisfied") | {projects[-1]: "abstain"}
    at = answer(at, round_id, rest, {projects[1]: "路面修好了，但排水还要加强"})
    assert "请核对您的评价" in texts(at) and "路面修好了，但排水还要加强" in texts(at)
    at.button(key="survey_submit").click().run()
    assert not at.exception and "测评已提交，谢谢" in texts(at)
    participations, ratings, audit_rows = stored(demo_session, round_id)
    assert (participations, ratings) == (before[0] + 1, before[1] + 1)  # one sealed answer set
    assert audit_rows == before[2]  # answering leaves no trace of when, or who
    again = open_form(open_page, "d002", round_id)
    assert "您已提交本次测评" in texts(again) and not again.get("form")


def test_going_back_from_the_review_keeps_every_rating_and_comment(open_page, year_end):
    round_id, projects = year_end
    levels = dict.fromkeys(projects, "satisfied") | {projects[0]: "dissatisfied", projects[-1]: "abstain"}
    comments = {projects[0]: "排水还要加强", projects[1]: "进度很好"}
    at = answer(open_form(open_page, "d008", round_id), round_id, levels, comments)
    assert "请核对您的评价" in texts(at)
    at.button(key="survey_back").click().run()
    assert not at.exception
    assert {p: at.radio(key=f"survey_level_{round_id}_{p}").value for p in projects} == levels
    kept = {p: at.text_area(key=f"survey_comment_{round_id}_{p}").value for p in comments}
    assert kept == comments
    at = at.button(key=f"FormSubmitter:survey_form_{round_id}-{TO_REVIEW}").click().run()
    assert "请核对您的评价" in texts(at) and "排水还要加强" in texts(at)  # and on to the review again, unchanged


def test_the_home_page_asks_a_deputy_to_answer_until_they_have(open_page, year_end):
    round_id, projects = year_end
    assert "年终满意度测评正在进行" in texts(open_page("d003", "app.py"))
    at = answer(open_form(open_page, "d003", round_id), round_id, dict.fromkeys(projects, "satisfied"))
    at.button(key="survey_submit").click().run()
    assert "年终满意度测评正在进行" not in texts(open_page("d003", "app.py"))


def test_while_open_the_office_sees_who_answered_by_delegation_and_no_counts_anywhere(open_page, year_end):
    round_id, projects = year_end
    at = answer(open_form(open_page, "d004", round_id), round_id, dict.fromkeys(projects, "dissatisfied"))
    at.button(key="survey_submit").click().run()
    rounds = open_page("office", "pages/survey_rounds.py")
    assert not rounds.exception
    assert any(m.label == "已提交" and m.value == "1" for m in rounds.metric)
    assert "不显示任何项目的评价情况" in texts(rounds)
    results = open_page("leader", "pages/survey_results.py")
    listed = results.selectbox(key="survey_results_round").options if results.get("selectbox") else []
    assert not any(f"{TODAY.year} 年度民生实事年终" in option for option in listed)


def test_the_office_closes_the_round_and_a_leader_sees_grades_flags_comments_and_the_ledger_item(
    open_page, demo_session, year_end
):
    round_id, projects = year_end
    for username, level in (("d005", "satisfied"), ("d006", "dissatisfied"), ("d007", "dissatisfied")):
        at = answer(
            open_form(open_page, username, round_id),
            round_id,
            dict.fromkeys(projects, "satisfied") | {projects[0]: level},
            {projects[0]: f"{username} 的意见：进度偏慢"},
        )
        at.button(key="survey_submit").click().run()
    office = close_with(open_page("office", "pages/survey_rounds.py"), round_id, surveys.handed_out(round_id)[1:])
    assert not office.exception and "测评已结束，结果已生成" in texts(office)

    leader = open_page("leader", "pages/survey_results.py")
    label = next(
        o for o in leader.selectbox(key="survey_results_round").options if f"{TODAY.year} 年度民生实事年终" in o
    )
    leader.selectbox(key="survey_results_round").select(label).run()
    screen = texts(leader)
    assert "1 个项目未达整改线" in screen and "进度偏慢" in screen and "d006" in screen  # the comment's own words
    table = leader.dataframe[0].value
    first = table.iloc[0]
    assert (first["满意"], first["不满意"], first["测评等次"], first["整改"]) == (1, 2, "🔴 不满意", "需整改")
    assert set(table["测评等次"].iloc[1:]) == {"🟢 满意"}
    assert leader.get("vega_lite_chart")  # the stacked bars (and the trend)
    fresh(demo_session)
    item = demo_session.scalar(
        select(RectificationItem).where(
            RectificationItem.source_kind == "survey", RectificationItem.source_id == round_id
        )
    )
    assert item is not None and item.project_id == projects[0] and item.state == "open"

    deputy = open_page("d008", "pages/survey_results.py")
    deputy.selectbox(key="survey_results_round").select(label).run()
    assert "1 个项目未达整改线" in texts(deputy) and "进度偏慢" not in texts(deputy)  # comments: leaders and office


def test_the_office_creates_a_standing_committee_round_through_the_form_and_others_are_not_voters(
    open_page, demo_session
):
    office = open_page("office", "pages/survey_rounds.py")
    key = f"new_survey_{TODAY.year}"
    office.radio(key=f"{key}_stage").set_value("yearend")
    office.radio(key=f"{key}_body").set_value("standing_committee")
    office.number_input(key=f"{key}_rate").set_value(90.0)
    office.button(key=f"FormSubmitter:{key}-{CATALOGUE['survey.create'][0]}").click().run()
    assert "测评已新建（筹备中）" in texts(office)
    with read_scope() as s:
        survey = next(r for r in survey_rounds.rounds(s, TODAY.year) if r.stage == "yearend")
    assert (survey.voter_body, survey.threshold) == ("standing_committee", Threshold(0.9, True, 60))
    office.text_area(key=f"open_survey_{survey.id}_names").set_value("张监票\n李监票\n王计票")
    office.button(key=f"FormSubmitter:open_survey_{survey.id}-{CATALOGUE['survey.open'][0]}").click().run()
    assert "测评已开始" in texts(office)
    fresh(demo_session)
    outsider = demo_session.scalar(select(Deputy.code).where(Deputy.standing_committee.is_(False)).limit(1))
    assert "您不在本次测评的代表名单中" in texts(open_form(open_page, outsider, survey.id))


def test_the_scorecard_shows_the_year_end_grade_and_a_departments_trend(open_page):
    at = open_page("leader", "pages/scorecard.py")
    assert not at.exception
    table = at.dataframe[0].value
    assert "年终测评等次" in table.columns and "年终综合满意率" in table.columns
    assert "牵头单位历年满意度" in texts(at)


def test_office_names_the_tellers_opens_the_survey_and_sees_each_share_once(open_page, demo_session):
    office = actor_of(demo_session, "office")
    with session_scope() as s:
        round_id = survey_rounds.create_round(s, office, TODAY.year, "yearend")
    at = open_page("office", "pages/survey_rounds.py")
    assert "少于所需数量，将无法计票" in texts(at)
    at = tellers.open_with(at, f"open_survey_{round_id}", "survey.open", threshold=2)
    assert not at.exception and "测评已开始。" in texts(at)
    codes = [c.value for c in at.code]
    assert len(codes) == 3 and "分片只显示这一次" in texts(at) and len(at.get("download_button")) == 3
    record = fresh(demo_session).scalar(select(SurveyRound.key_record).where(SurveyRound.id == round_id))
    assert record and not any(code.replace("-", "")[1:27] in record for code in codes)  # never stored
    at.button(key="tellers_handed_out").click().run()
    assert not at.code or all(c.value not in codes for c in at.code)
    at = close_with(open_page("office", "pages/survey_rounds.py"), round_id, [codes[2], codes[0]])
    assert not at.exception and "测评已结束，结果已生成" in texts(at)


def test_a_wrong_or_repeated_share_on_the_survey_closing_screen_is_refused_and_named(open_page, demo_session, year_end):
    from db.secret_ballot import share_codes

    round_id, _ = year_end
    codes = surveys.handed_out(round_id)
    number, share = share_codes.decode(codes[1])
    wrong = share_codes.encode(number, bytes(16))
    at = close_with(open_page("office", "pages/survey_rounds.py"), round_id, [codes[0], wrong])
    assert at.error[0].value.startswith(f"{TELLERS[1]} 的分片（第 2 个）不正确")
    at = close_with(at, round_id, [codes[0], codes[0]])
    assert f"{TELLERS[0]} 的分片输入了两次" in at.error[0].value
    assert survey_rounds.round_view(fresh(demo_session), round_id).state == "open"  # nothing written


def test_the_demo_rounds_demo_share_is_shown_to_the_office_labelled_as_demo_and_closes_it(open_page, demo_session):
    (midyear,) = [r for r in survey_rounds.rounds(demo_session, TODAY.year) if r.state == "open"]
    at = open_page("office", "pages/survey_rounds.py")
    assert CATALOGUE["tellers.demo_shares"][0] in texts(at)
    (code,) = [c.value for c in at.code]
    at = close_with(at, midyear.id, [code])
    assert not at.exception and "测评已结束，结果已生成" in texts(at)


def test_the_office_sees_the_survey_scrub_pending_while_a_reader_blocks_it_and_the_next_visit_finishes_it(
    open_page, demo_session, year_end, monkeypatch
):
    round_id, projects = year_end
    with tellers.a_reader_blocking_the_scrub(demo_session, monkeypatch):
        with session_scope() as s:
            surveys.close_round(s, actor_of(demo_session, "office"), round_id)
        assert CATALOGUE["survey.scrub_pending"][0] in texts(open_page("office", "pages/survey_rounds.py"))
    assert CATALOGUE["survey.scrub_pending"][0] not in texts(open_page("office", "pages/survey_rounds.py"))
    with read_scope() as s:
        assert survey_rounds.scrub_pending_rounds(s) == []
