"""Backups taken while a round is open hold no plaintext ballot (issue 17's last point).

A vote round and a survey round are open and answered; a backup (db.core.backup: SQLite's online
backup, PostgreSQL's pg_dump) is taken; neither the backup file nor, for PostgreSQL, the plain SQL
it restores to holds a pick, a level or a comment: only sealed boxes.
"""

from __future__ import annotations

import json
import secrets
import subprocess
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from db.core import backup
from db.core.session import session_scope
from db.vote import voting
from db.vote.models import Candidate
from tests import ballots, factories, surveys
from tests.db.survey.test_satisfaction import A, B, D, S, create, rate, stage, submit

__all__ = ["stage"]  # the survey's fixture


def restored_as_sql(url: str, dump: bytes, tmp_path) -> bytes:
    """A PostgreSQL custom-format dump is compressed: what a reader of it sees is its plain SQL."""
    path = tmp_path / "dump.pg"
    path.write_bytes(dump)
    plain = subprocess.run(
        [backup._pg_tool("pg_restore"), "--file=-", str(path)], capture_output=True, check=True, timeout=120
    )
    return plain.stdout


def test_a_backup_taken_while_a_vote_and_a_survey_are_open_holds_no_pick_level_or_comment(
    session, stage, database_url, tmp_path
):
    factories.year(session, 2027)
    lead = factories.department(session)
    session.add_all(
        [
            Candidate(
                year=2027, title=f"候选{i}", field="公共教育", lead_department_id=lead.id, estimated_budget=Decimal(1)
            )
            for i in range(3)
        ]
    )
    session.commit()
    ids = list(session.scalars(select(Candidate.id).where(Candidate.year == 2027).order_by(Candidate.id)))
    survey_round = create(stage.office)
    with session_scope() as s:
        vote_round = voting.create_round(s, stage.office, 2027, places=2)
        ballots.open_round(s, stage.office, vote_round)
        surveys.open_round(s, stage.office, survey_round)
    plaintexts: list[bytes] = []
    for deputy, picks, levels in zip(
        stage.deputies, [[0, 1], [1, 2], [2], [0]], [(S, S, B), (D, A, S), (B, B, D), (S, D, A)], strict=True
    ):
        chosen = [ids[i] for i in picks]
        ballots.cast(deputy, vote_round, chosen)
        plaintexts += [json.dumps({"picks": chosen}, separators=(",", ":")).encode(), json.dumps(chosen).encode()]
        marker = f"备份意见{secrets.token_hex(6)}"
        submit(deputy, survey_round, rate(stage.ids, *levels, comment=marker))
        plaintexts.append(marker.encode())
        plaintexts += [
            json.dumps([p, level], ensure_ascii=False)[:-1].encode() for p, level in zip(stage.ids, levels, strict=True)
        ]

    target = tmp_path / "while-open.backup"
    try:
        backup.backup(database_url, target)
    except backup.BackupError as missing:
        pytest.skip(str(missing))
    raw = target.read_bytes()
    readable = (
        raw if make_url(database_url).get_backend_name() == "sqlite" else restored_as_sql(database_url, raw, tmp_path)
    )
    assert b"sealed_ballot" in readable and b"sealed_survey_answer" in readable  # the scan sees the tables
    assert not [p for p in plaintexts if p in readable]
    assert b'"picks"' not in readable
    assert not any(f'"{level}"'.encode() in readable for level in (S, B, D, A))
