"""Sealed survey rounds: answer sets sealed at answering, opened by k of the n tellers' shares at closing.

Also what someone reading the database's files learns while a round is open: the raw SQLite file
and its write-ahead log, PostgreSQL's write-ahead log (pg_waldump) and raw WAL bytes — no level
and no comment of any answer set; after closing, the ratings share no transaction with an answer.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from db.core.errors import Refused
from db.core.session import read_scope, session_scope
from db.secret_ballot import sealing, share_codes, tellers
from db.survey import rounds as survey_rounds
from db.survey.models import SealedAnswers, SurveyParticipation, SurveyRating, SurveyRound
from db.survey.rules import COMMENT_MAX
from tests import surveys
from tests.conftest import fresh
from tests.db.survey.test_satisfaction import A, B, D, S, create, rate, results, stage, submit
from tests.db.vote.test_forensic import WALDUMP, raw_sqlite, records_of, waldump
from tests.tellers import TELLERS

__all__ = ["stage"]  # the fixture, shared with the survey's other tests

LEVELS = [(S, S, B), (D, A, S), (B, B, D), (S, D, A)]


def opened_with_codes(arranged, threshold=2):
    round_id = create(arranged.office)
    with session_scope() as s:
        codes = surveys.open_round(s, arranged.office, round_id, threshold=threshold)
    return round_id, codes


def close(arranged, round_id, codes):
    with session_scope() as s:
        return surveys.close_round(s, arranged.office, round_id, codes)


def table_counts(session):
    fresh(session)
    return tuple(
        session.scalar(select(func.count()).select_from(m)) for m in (SurveyParticipation, SealedAnswers, SurveyRating)
    )


def test_opening_stores_the_public_key_and_share_checks_never_a_share(session, stage):
    round_id, codes = opened_with_codes(stage)
    with read_scope() as s:
        record = survey_rounds.key_record(s, round_id)
    assert record is not None and (record.threshold, record.tellers, record.demo) == (2, TELLERS, False)
    stored = fresh(session).scalar(select(SurveyRound.key_record))
    assert not any(code.replace("-", "")[1:27] in stored for code in codes) and "demo_shares" not in stored


def test_a_draft_survey_cannot_open_without_its_tellers_key_nor_with_a_demo_key_outside_demo_mode(
    session, stage, monkeypatch
):
    monkeypatch.delenv("MINSHENG_DEMO", raising=False)
    round_id = create(stage.office)
    with pytest.raises(Refused, match="survey.tellers_needed"), session_scope() as s:
        survey_rounds.advance(s, stage.office, round_id)
    record, shares = tellers.split_key(1, ["演示"], demo=True)
    with pytest.raises(Refused, match="tellers.threshold_too_low"), session_scope() as s:
        survey_rounds.advance(s, stage.office, round_id, key=record.with_demo_shares(shares))
    assert fresh(session).scalar(select(SurveyRound.state)) == "draft"


def test_every_answer_set_is_one_sealed_box_of_one_length_whatever_it_holds(session, stage):
    round_id, _ = opened_with_codes(stage)
    submit(stage.deputies[0], round_id, rate(stage.ids, S, S, S))
    submit(stage.deputies[1], round_id, rate(stage.ids, D, B, A, comment="长" * COMMENT_MAX))
    boxes = fresh(session).scalars(select(SealedAnswers.box)).all()
    assert table_counts(session) == (2, 2, 0)
    assert {len(box) for box in boxes} == {sealing.sealed_length(sealing.survey_bucket(3, COMMENT_MAX))}


def test_any_two_of_three_shares_close_and_count_so_a_lost_share_does_not_stop_it(session, stage):
    round_id, codes = opened_with_codes(stage)
    for deputy, levels in zip(stage.deputies, LEVELS, strict=True):
        submit(deputy, round_id, rate(stage.ids, *levels, comment="意见"))
    assert close(stage, round_id, [codes[2], codes[0]]) == "closed"  # teller 2's share is lost
    assert table_counts(session) == (4, 0, 12)  # the sealed rows are gone, the ratings written
    counted = [(line.count.satisfied, line.count.dissatisfied, line.count.abstain) for line in results(round_id).lines]
    assert counted == [(2, 1, 0), (1, 1, 1), (1, 1, 1)]
    assert fresh(session).scalar(select(SurveyRound.scrub_pending)) is True
    fresh(session)
    assert survey_rounds.scrub_after_closing() is True


def test_one_share_of_two_cannot_close_and_nothing_is_written(session, stage):
    round_id, codes = opened_with_codes(stage)
    submit(stage.deputies[0], round_id, rate(stage.ids, S, S, S))
    before = table_counts(session)
    with pytest.raises(Refused, match="tellers.too_few_shares"), session_scope() as s:
        surveys.close_round(s, stage.office, round_id, [codes[1]])
    with pytest.raises(Refused, match="survey.shares_needed"), session_scope() as s:
        survey_rounds.advance(s, stage.office, round_id)
    with pytest.raises(Refused, match="tellers.key_mismatch"), session_scope() as s:
        survey_rounds.advance(s, stage.office, round_id, private_key=sealing.private_key_from_seed(bytes(16)))
    assert table_counts(session) == before and fresh(session).scalar(select(SurveyRound.state)) == "open"


def test_a_wrong_or_repeated_share_is_refused_and_names_its_teller(session, stage):
    round_id, codes = opened_with_codes(stage)
    number, share = share_codes.decode(codes[1])
    wrong = share_codes.encode(number, bytes(b ^ 1 for b in share))
    with pytest.raises(Refused) as refused, session_scope() as s:
        surveys.close_round(s, stage.office, round_id, [codes[0], wrong])
    assert refused.value.reason == "tellers.share_wrong" and refused.value.params["teller"] == TELLERS[1]
    with pytest.raises(Refused) as refused, session_scope() as s:
        surveys.close_round(s, stage.office, round_id, [codes[0], codes[0]])
    assert refused.value.reason == "tellers.share_repeated" and refused.value.params["teller"] == TELLERS[0]
    assert fresh(session).scalar(select(SurveyRound.state)) == "open"


def test_an_answer_set_that_breaks_the_rules_or_does_not_open_is_counted_as_invalid_and_said_so(session, stage):
    round_id, codes = opened_with_codes(stage)
    submit(stage.deputies[0], round_id, rate(stage.ids, S, S, S))
    with read_scope() as s:
        public_key = survey_rounds.key_record(s, round_id).public_key
    bucket = sealing.survey_bucket(3, COMMENT_MAX)
    with session_scope() as s:  # written by something other than the app: a project missing, and a forged box
        s.add(
            SealedAnswers(id="a" * 32, round_id=round_id, box=sealing.seal(public_key, [[stage.ids[0], S, ""]], bucket))
        )
        s.add(SealedAnswers(id="b" * 32, round_id=round_id, box=bytes(sealing.sealed_length(bucket))))
    close(stage, round_id, codes[:2])
    assert results(round_id).invalid == 2
    assert [line.count.satisfied for line in results(round_id).lines] == [1, 1, 1]
    assert fresh(session).scalar(select(func.count()).select_from(SurveyRating)) == 3


# --- Forensics -----------------------------------------------------------------------------------


def answered_with_markers(arranged):
    """An open round answered by four deputies, each comment a unique marker; (round, codes, plaintexts)."""
    round_id, codes = opened_with_codes(arranged)
    plaintexts: list[bytes] = []
    for deputy, levels in zip(arranged.deputies, LEVELS, strict=True):
        marker = f"路灯意见{secrets.token_hex(6)}"
        submit(deputy, round_id, rate(arranged.ids, *levels, comment=marker))
        plaintexts.append(marker.encode())
        plaintexts += [
            json.dumps([p, level], ensure_ascii=False)[:-1].encode()
            for p, level in zip(arranged.ids, levels, strict=True)
        ]
    return round_id, codes, plaintexts


def test_sqlite_while_open_no_level_or_comment_is_in_the_file_or_its_wal(session, stage):
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("the SQLite file and its write-ahead log")
    round_id, codes, plaintexts = answered_with_markers(stage)
    raw = raw_sqlite(session)
    boxes = list(fresh(session).scalars(select(SealedAnswers.box)))
    pieces = [piece for box in boxes for piece in (box[:400], box[-400:])]
    assert len(boxes) == 4 and all(piece in raw for piece in pieces)  # the scan sees what is stored
    assert not any(p in raw for p in plaintexts)
    assert not any(f'"{level}"'.encode() in raw for level in (S, B, D, A))
    sealed_ids = set(fresh(session).scalars(select(SealedAnswers.id)))

    close(stage, round_id, codes[:2])
    fresh(session)  # this test's own reader lets go of its snapshot
    assert survey_rounds.scrub_after_closing() is True
    raw = raw_sqlite(session)
    assert not any(piece in raw for piece in pieces)  # the sealed rows are gone from the file and the log
    rated = set(fresh(session).scalars(select(SurveyRating.id)))
    assert len(rated) == 12 and not rated & sealed_ids  # fresh ids: nothing to match by id


def test_postgres_while_open_the_wal_holds_no_answer_and_after_closing_no_transaction_links_a_deputy(session, stage):
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("PostgreSQL's write-ahead log")
    if not WALDUMP:
        pytest.skip("pg_waldump is not installed")
    data = fresh(session).scalar(text("SHOW data_directory"))
    if not os.access(os.path.join(data, "pg_wal"), os.R_OK):
        pytest.skip("the server's pg_wal cannot be read from here")

    def filenode(table: str) -> int:
        return int(fresh(session).scalar(text(f"SELECT pg_relation_filenode('{table}')")))

    nodes = {t: filenode(t) for t in ("survey_rating", "sealed_survey_answer", "survey_participation")}
    start = fresh(session).scalar(text("SELECT pg_current_wal_insert_lsn()::text"))
    round_id, codes, plaintexts = answered_with_markers(stage)
    end = fresh(session).scalar(text("SELECT pg_current_wal_insert_lsn()::text"))
    fresh(session).execute(text("SELECT pg_switch_wal()"))
    dump = waldump(session, start, end)
    assert len(records_of(dump, nodes["survey_participation"])) >= 4  # the dump sees the answering
    assert len(records_of(dump, nodes["sealed_survey_answer"])) >= 4
    assert records_of(dump, nodes["survey_rating"]) == []
    segments = sorted(Path(data, "pg_wal").glob("0*"))
    raw = b"".join(segment.read_bytes() for segment in segments[-3:])
    assert not any(p in raw for p in plaintexts)

    deputies = {str(x) for x in fresh(session).scalars(text("SELECT xmin::text FROM survey_participation"))}
    start = fresh(session).scalar(text("SELECT pg_current_wal_insert_lsn()::text"))
    close(stage, round_id, codes[1:])
    end = fresh(session).scalar(text("SELECT pg_current_wal_insert_lsn()::text"))
    fresh(session).execute(text("SELECT pg_switch_wal()"))
    dump = waldump(session, start, end)
    writers = {re.search(r"tx: +(\d+)", line).group(1) for line in records_of(dump, nodes["survey_rating"])}  # type: ignore[union-attr]
    assert len(writers) == 1 and not writers & deputies  # every rating written by the closing alone
    assert set(fresh(session).scalars(text("SELECT xmin::text FROM survey_rating"))) == writers
