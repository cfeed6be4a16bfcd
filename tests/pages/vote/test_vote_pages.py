"""The vote's screens: the deputy's ballot steps, the office's round control, results and receipts."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from components.text.catalogue import CATALOGUE
from db.core.models import AuditEntry
from db.core.session import read_scope, session_scope
from db.projects.models import Project
from db.system.models import Deputy, Year
from db.vote import voting
from db.vote.models import Participation, SealedBallot, VotingRound
from tests import ballots, factories
from tests.conftest import TODAY, fresh
from tests.factories import actor_of
from tests.pages import tellers
from tests.pages.conftest import signed_in, texts

NEXT_YEAR = TODAY.year + 1
TO_REVIEW = CATALOGUE["ballot.to_review"][0]


@pytest.fixture
def open_round(demo_session):
    """The demo's draft round for next year, opened by the office: (round id, candidate ids)."""
    return ballots.open_demo_draft(actor_of(demo_session, "office"), NEXT_YEAR)


def tick(at, round_id, candidate_ids, value=True):
    for candidate_id in candidate_ids:
        at.checkbox(key=f"pick_{round_id}_{candidate_id}").set_value(value)
    return at.button(key=f"ballot_to_review_{round_id}").click().run()


def vote(open_page, username, round_id, picks):
    """A whole ballot on the page; returns the receipt shown."""
    at = tick(open_page(username, "pages/vote.py"), round_id, picks)
    at.button(key="ballot_confirm").click().run()
    assert not at.exception and not at.error
    return at.code[0].value


def close_with(at, round_id, codes):
    return tellers.close_with(at, f"close_{round_id}", "tellers.close_and_count", codes)


def stored(session):
    fresh(session)
    return tuple(session.scalar(select(func.count()).select_from(m)) for m in (Participation, SealedBallot))


def test_a_deputy_ticks_too_many_is_sent_back_then_reviews_confirms_and_gets_the_receipt_once(
    open_page, demo_session, open_round
):
    round_id, ids = open_round
    before = stored(demo_session)
    at = tick(open_page("d001", "pages/vote.py"), round_id, ids[:11])
    assert at.error[0].value == "您选了 11 项，超过了最多 10 项。请取消一些后再核对。"
    assert at.checkbox(key=f"pick_{round_id}_{ids[0]}").value  # the ticks are kept
    at = tick(at, round_id, ids[:8], value=False)
    assert "您选择了 3 项（最多可选 10 项）" in texts(at)
    at.button(key="ballot_back").click().run()
    assert [at.checkbox(key=f"pick_{round_id}_{i}").value for i in ids[7:11]] == [False, True, True, True]
    at = tick(at, round_id, [])
    at.button(key="ballot_confirm").click().run()
    receipt = at.code[0].value
    assert len(receipt) == 12 and "您的选票已投出，不能再修改。" in texts(at)
    assert stored(demo_session) == (before[0] + 1, before[1] + 1)
    at.button(key="receipt_noted").click().run()
    assert not at.code and "您已在本轮投票，选票不能更改。" in texts(at)
    assert not at.checkbox  # no second ballot to fill in
    assert receipt not in texts(open_page("d001", "pages/vote.py"))  # shown once


def tally_shown(at):
    """The running count under the list, as the server draws it (the browser's script keeps it between runs)."""
    (tally,) = [h.proto.body for h in at.get("html") if "data-max=" in h.proto.body]
    return tally


def test_the_ballot_is_a_form_whose_count_is_drawn_with_its_template_and_too_many_is_said_beside_the_button(
    open_page, open_round
):
    round_id, ids = open_round
    at = open_page("d009", "pages/vote.py")
    assert at.get("form")  # a tick runs nothing on the server; the count is kept in the browser
    first = tally_shown(at)
    assert "已选 0 项，最多可选 10 项" in first and "data-max='10'" in first
    assert "data-template='已选 {count} 项，最多可选 {max} 项'" in first  # what the browser's script fills in
    for candidate_id in ids[:11]:
        at.checkbox(key=f"pick_{round_id}_{candidate_id}").check()
    at.button(key=f"ballot_to_review_{round_id}").click().run()
    assert "已选 11 项，最多可选 10 项" in tally_shown(at) and "ballot-tally over" in tally_shown(at)
    tally = next(e for e in at.main if getattr(e, "key", None) == "ballot_tally")  # the box under the list
    inside = [(e.type, getattr(e, "key", None) or getattr(e, "value", None)) for e in tally if e.type != "html"]
    assert inside[-2:] == [
        ("error", "您选了 11 项，超过了最多 10 项。请取消一些后再核对。"),
        ("button", f"ballot_to_review_{round_id}"),
    ]  # right above the button pressed, not a dozen screens up


def test_the_review_lists_the_picks_under_their_numbers_on_the_ballot(open_page, open_round):
    round_id, ids = open_round
    at = tick(open_page("d010", "pages/vote.py"), round_id, [ids[4], ids[6]])
    listed = "".join(h.proto.body for h in at.get("html"))
    assert "<li value='5'>" in listed and "<li value='7'>" in listed


def test_an_empty_ballot_is_allowed_and_counted_as_cast(open_page, demo_session, open_round):
    round_id, _ = open_round
    at = tick(open_page("d002", "pages/vote.py"), round_id, [])
    assert "确认后这是一张空票" in texts(at)
    at.button(key="ballot_confirm").click().run()
    assert at.code
    with read_scope() as s:
        assert voting.turnout(s, round_id).cast == 1


def test_casting_leaves_no_trace_of_the_deputy_in_the_audit_log(open_page, demo_session, open_round):
    round_id, ids = open_round
    entries = fresh(demo_session).scalar(select(func.count(AuditEntry.id)))
    vote(open_page, "d003", round_id, ids[:2])
    assert fresh(demo_session).scalar(select(func.count(AuditEntry.id))) == entries


def test_a_deputy_outside_the_electorate_and_a_deputy_after_closing_are_told_why(open_page, demo_session, open_round):
    round_id, _ = open_round
    newcomer = factories.account(fresh(demo_session), "deputy")  # joined after the round opened
    assert "您不在本轮票决的代表名单中" in texts(open_page(newcomer.username, "pages/vote.py"))
    with session_scope() as s:
        ballots.close_round(s, actor_of(demo_session, "office"), round_id)
    assert f"{NEXT_YEAR} 年度票决已结束，不能再投票。" in texts(open_page("d004", "pages/vote.py"))


def test_while_open_the_office_sees_turnout_and_no_count_per_candidate(open_page, demo_session, open_round):
    round_id, ids = open_round
    vote(open_page, "d005", round_id, ids[:2])
    at = open_page("office", "pages/vote_rounds.py")
    electorate = fresh(demo_session).scalar(select(func.count(Deputy.id)).where(Deputy.active.is_(True)))
    assert [m.value for m in at.metric][:2] == ["1", str(electorate)]
    assert not at.dataframe
    results = open_page("office", "pages/vote_results.py")
    shown = [o for o in results.selectbox(key="results_round").options] if results.selectbox else []
    assert not any(str(NEXT_YEAR) in o and "投票中" in o for o in shown)
    screen = open_page("leader", "pages/vote_screen.py")
    assert any("已投票 1 / " in h.proto.body for h in screen.get("html")) and not screen.dataframe


def test_office_closes_checks_publishes_and_the_elected_become_projects_and_receipts_verify(
    open_page, demo_session, open_round
):
    round_id, ids = open_round
    receipts = [
        vote(open_page, d, round_id, picks) for d, picks in (("d006", ids[:2]), ("d007", ids[:2]), ("d008", ids[2:3]))
    ]
    at = open_page("office", "pages/vote_rounds.py")
    codes = ballots.handed_out(round_id)
    close_with(at, round_id, [codes[2], codes[0]])  # teller 2's share lost: any two of three count
    assert "投票已结束" in texts(at)
    listed = open_page("d006", "pages/vote_results.py").selectbox(key="results_round").options
    assert not any(str(NEXT_YEAR) in option for option in listed)  # a deputy sees nothing before publication
    preview = open_page("office", "pages/vote_results.py")
    assert "本轮尚未公布" in texts(preview)
    at = open_page("office", "pages/vote_rounds.py")
    at.checkbox(key=f"publish_{round_id}_sure").check().run()
    assert at.button(key=f"publish_{round_id}").disabled  # 3 ballots: below the floor, a second box first
    at.checkbox(key=f"publish_{round_id}_low").check().run()
    at.button(key=f"publish_{round_id}").click().run()
    assert "结果已公布" in texts(at)
    projects = fresh(demo_session).scalars(select(Project).where(Project.year == NEXT_YEAR)).all()
    assert len(projects) == 2 and all(p.indicators for p in projects)  # two passed more than 3 / 2
    projector = open_page("leader", "pages/vote_screen.py")
    screen = "".join(h.proto.body for h in projector.get("html"))
    assert projector.title[0].value == f"{NEXT_YEAR} 年度民生实事项目票决结果" and all(
        p.title in screen for p in projects
    )
    results = open_page("d008", "pages/vote_results.py")
    table = results.dataframe[0].value
    assert list(table["得票"][:3]) == [2, 2, 1] and list(table["是否当选"][:3]) == ["是", "是", "否"]
    results.text_input(key=f"receipt_{round_id}").set_value(receipts[2].lower())
    results.button(key=f"FormSubmitter:verify_{round_id}-核验").click().run()
    # The receipt-selling case: the receipt proves the ballot was counted, and shows no pick.
    (counted,) = results.success
    assert "已计入结果" in counted.value and not any(p.title in counted.value for p in projects)
    assert "只证明该张选票已计入结果" in texts(results)
    results.text_input(key=f"receipt_{round_id}").set_value("000000000000")
    results.button(key=f"FormSubmitter:verify_{round_id}-核验").click().run()
    assert results.error[0].value.startswith("没有与此回执码对应的选票")


def test_a_tie_at_the_cut_off_is_stated_and_left_for_a_re_vote(open_page, demo_session):
    office = actor_of(demo_session, "office")
    with read_scope() as s:
        (draft,) = voting.rounds(s, NEXT_YEAR)
    with session_scope() as s:
        voting.update_round(s, office, draft.id, 2, 2, "ballots_half")
        ballots.open_round(s, office, draft.id)
        ids = [c.id for c in voting.round_candidates(s, draft.id)]
    # Three candidates with two votes each, for two places: all pass (more than 3 / 2), none leads.
    for deputy, picks in (("d010", ids[:2]), ("d011", ids[1:3]), ("d012", [ids[0], ids[2]])):
        ballots.cast(actor_of(demo_session, deputy), draft.id, picks)
    with session_scope() as s:
        ballots.close_round(s, office, draft.id)
    at = open_page("office", "pages/vote_results.py")
    at.selectbox(key="results_round").set_value(draft.id).run()
    assert "截止名次出现同票" in texts(at) and "系统不会自行裁定" in texts(at)
    assert list(at.dataframe[0].value["是否当选"][:3]) == ["同票待重投", "同票待重投", "同票待重投"]


def test_office_creates_a_round_for_a_year_without_one_and_changes_its_rules_before_opening(open_page, demo_session):
    demo_session.add(Year(year=NEXT_YEAR + 1, session_name="测试", places=10))
    demo_session.commit()
    at = open_page("office", "pages/vote_rounds.py")
    assert at.selectbox(key="rounds_year").value == NEXT_YEAR + 1  # the newest year first
    at.number_input(key=f"create_{NEXT_YEAR + 1}_places").set_value(8)
    at.number_input(key=f"create_{NEXT_YEAR + 1}_picks").set_value(9)
    at.button(key=f"FormSubmitter:create_{NEXT_YEAR + 1}-保存").click().run()
    assert at.error[0].value == "每张选票可选项目数不能多于名额。"
    at.number_input(key=f"create_{NEXT_YEAR + 1}_picks").set_value(8)
    at.button(key=f"FormSubmitter:create_{NEXT_YEAR + 1}-保存").click().run()
    assert "票决轮次已新建" in texts(at)
    (created,) = voting.rounds(fresh(demo_session), NEXT_YEAR + 1)
    assert (created.state, created.places, created.max_picks) == ("draft", 8, 8)
    assert "少于所需数量，将无法计票" in texts(at)  # told before opening: fewer than k shares, no count


def test_a_frozen_candidate_list_shows_no_form_and_a_draft_list_takes_a_new_candidate(open_page, demo_session):
    at = open_page("office", "pages/candidates.py")
    assert at.selectbox(key="candidates_year").value == NEXT_YEAR
    at.text_input(key="candidate_None_title").set_value("新建候选项目")
    at.selectbox(key="candidate_None_lead").set_value(at.selectbox(key="candidate_None_lead").options[0])
    at.number_input(key="candidate_None_budget").set_value(300.0)
    at.button(key=f"FormSubmitter:candidate_{NEXT_YEAR}_None-保存").click().run()
    assert not at.error, [e.value for e in at.error]
    assert "新建候选项目" in at.dataframe[0].value["项目名称"].tolist()
    saved = at.selectbox(key="candidate_pick").value  # the new candidate is shown, ready to edit
    assert saved is not None and at.text_input(key=f"candidate_{saved}_title").value == "新建候选项目"
    at.selectbox(key="candidates_year").set_value(TODAY.year).run()
    assert "候选项目保持投票时的样子" in texts(at) and not at.get("form")


def test_a_deputy_who_has_not_voted_is_pointed_to_the_ballot_from_the_home_page(open_page, open_round):
    round_id, ids = open_round
    assert f"{NEXT_YEAR} 年度民生实事项目票决正在进行" in texts(open_page("d020", "app.py"))
    vote(open_page, "d020", round_id, ids[:1])
    assert "票决正在进行" not in texts(open_page("d020", "app.py"))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("page", ["pages/candidates.py", "pages/vote_rounds.py"])
def test_without_any_year_the_vote_pages_say_who_adds_one(session, monkeypatch, page):
    monkeypatch.setenv("MINSHENG_COOKIE_KEY", "k" * 40)  # not demo mode: a real key is required
    factories.account(session, "staff", username="clerk")
    at = signed_in("clerk")
    at.switch_page(page).run()
    assert not at.exception and "还没有年度" in texts(at)


def test_a_deputy_signing_in_on_a_tab_another_deputy_used_sees_none_of_their_ballot(open_page, open_round):
    round_id, ids = open_round
    at = tick(open_page("d030", "pages/vote.py"), round_id, ids[:2])
    at.button(key="ballot_confirm").click().run()
    receipt = at.code[0].value
    at.session_state["username"] = "d031"  # signed out, and the next deputy signed in on the same tab
    at.run()
    assert not at.code and receipt not in texts(at)
    at = tick(at, round_id, ids[:3])  # the review of d031's own picks …
    at.session_state["username"] = "d032"
    at.run()
    assert "核对您的选票" not in texts(at)  # … is not handed to d032: a fresh ballot
    assert at.checkbox and not any(box.value for box in at.checkbox)
    assert not [b for b in at.button if b.key == "ballot_confirm"]


def test_between_closing_and_publishing_the_projector_says_the_count_is_under_way(open_page, demo_session, open_round):
    round_id, ids = open_round
    vote(open_page, "d040", round_id, ids[:1])
    with session_scope() as s:
        ballots.close_round(s, actor_of(demo_session, "office"), round_id)
    projector = open_page("leader", "pages/vote_screen.py")
    screen = "".join(h.proto.body for h in projector.get("html"))
    assert projector.title[0].value == f"{NEXT_YEAR} 年度票决已结束，结果公布前请稍候"
    assert "已投票" not in screen and "<li>" not in screen


def test_a_candidate_is_deleted_only_once_its_box_is_ticked(open_page, demo_session):
    with read_scope() as s:
        (draft,) = voting.rounds(s, NEXT_YEAR)
        first = voting.round_candidates(s, draft.id)[0]  # the year's list, while the round is a draft
    at = open_page("office", "pages/candidates.py")
    at.selectbox(key="candidate_pick").set_value(first.id).run()
    assert at.button(key=f"delete_{first.id}").disabled
    at.checkbox(key=f"delete_{first.id}_sure").check().run()
    at.button(key=f"delete_{first.id}").click().run()
    assert not at.exception and "候选项目已删除。" in texts(at)
    assert first.title not in at.dataframe[0].value["项目名称"].tolist()


def test_office_names_the_tellers_opens_and_sees_each_share_once_then_never_again(open_page, demo_session):
    with read_scope() as s:
        (draft,) = voting.rounds(s, NEXT_YEAR)
    at = open_page("office", "pages/vote_rounds.py")
    assert "少于所需数量，将无法计票" in texts(at)
    at = tellers.open_with(at, f"open_{draft.id}", "vote.open", threshold=2)
    assert not at.exception and "投票已开始。" in texts(at)
    codes = [c.value for c in at.code]
    assert len(codes) == 3 and "分片只显示这一次" in texts(at)
    assert all(name in texts(at) for name in ("张监票", "李监票", "王计票"))
    assert len(at.get("download_button")) == 3  # a printable sheet per teller
    record = fresh(demo_session).scalar(select(VotingRound.key_record).where(VotingRound.id == draft.id))
    assert record and not any(code.replace("-", "")[1:27] in record for code in codes)  # never stored
    at.button(key="tellers_handed_out").click().run()
    assert not at.code
    assert not open_page("office", "pages/vote_rounds.py").code  # gone for good


def test_one_teller_alone_cannot_open_a_real_round_and_two_names_the_same_are_refused(open_page, demo_session):
    with read_scope() as s:
        (draft,) = voting.rounds(s, NEXT_YEAR)
    at = open_page("office", "pages/vote_rounds.py")
    at = tellers.open_with(at, f"open_{draft.id}", "vote.open", names="张监票\n张监票")
    assert at.error[0].value == "张监票 重复出现。"
    assert voting.round_view(fresh(demo_session), draft.id).state == "draft"


def test_a_wrong_or_repeated_share_on_the_closing_screen_is_refused_and_named(open_page, demo_session, open_round):
    from db.secret_ballot import share_codes

    round_id, ids = open_round
    vote(open_page, "d050", round_id, ids[:1])
    codes = ballots.handed_out(round_id)
    number, share = share_codes.decode(codes[1])
    wrong = share_codes.encode(number, bytes(16))
    at = close_with(open_page("office", "pages/vote_rounds.py"), round_id, [codes[0], wrong])
    assert at.error[0].value.startswith(f"{ballots.TELLERS[1]} 的分片（第 2 个）不正确")
    at = close_with(at, round_id, [codes[0], codes[0]])
    assert f"{ballots.TELLERS[0]} 的分片输入了两次" in at.error[0].value
    assert voting.round_view(fresh(demo_session), round_id).state == "open"  # nothing written


def test_after_publication_anyone_signed_in_downloads_the_ballots_and_the_receipts(open_page, demo_session, open_round):
    round_id, ids = open_round
    vote(open_page, "d060", round_id, ids[:2])
    with session_scope() as s:
        ballots.close_round(s, actor_of(demo_session, "office"), round_id)
        voting.advance(s, actor_of(demo_session, "office"), round_id, low_turnout_accepted=True)
    at = open_page("d061", "pages/vote_results.py")
    labels = [b.proto.label for b in at.get("download_button")]
    assert CATALOGUE["vote.download_ballots"][0] in labels and CATALOGUE["vote.download_trackers"][0] in labels


def test_the_office_sees_the_scrub_pending_while_a_reader_blocks_it_and_the_next_visit_finishes_it(
    open_page, demo_session, open_round, monkeypatch
):
    round_id, ids = open_round
    vote(open_page, "d070", round_id, ids[:1])
    with tellers.a_reader_blocking_the_scrub(demo_session, monkeypatch):
        with session_scope() as s:
            ballots.close_round(s, actor_of(demo_session, "office"), round_id)
        assert CATALOGUE["vote.scrub_pending"][0] in texts(open_page("office", "pages/vote_rounds.py"))
    assert CATALOGUE["vote.scrub_pending"][0] not in texts(open_page("office", "pages/vote_rounds.py"))
    with read_scope() as s:
        assert voting.scrub_pending_rounds(s) == []
