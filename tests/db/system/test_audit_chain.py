"""The audit log is a hash chain: an edit made directly in the database, past its triggers, shows."""

import multiprocessing
from datetime import datetime

import pytest
from sqlalchemy import func, select, text

from db import __main__ as cli
from db.core import audit, migrate
from db.core.errors import Forbidden
from db.core.models import AuditEntry
from db.core.session import get_engine, read_scope, reset_engines, session_scope
from tests import factories
from tests.factories import actor_of

PROCESSES = 4
RECORDS = 15


def write_entries(session, count=5):
    admin = actor_of(session, factories.account(session, "admin", username="root").username)
    with session_scope() as s:
        for n in range(count):
            audit.record(s, admin, "update", "division", n, {"name": f"旧{n}", "n": n}, {"name": f"新{n}", "x": 1.5})
    return admin


def entry_ids(engine):
    with engine.connect() as connection:
        return list(connection.execute(select(AuditEntry.id).order_by(AuditEntry.id)).scalars())


def as_administrator(engine, *statements):
    """What someone with the database's password could do: drop the append-only triggers, then edit."""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.execute(text("DROP TRIGGER audit_entry_no_update"))
            connection.execute(text("DROP TRIGGER audit_entry_no_delete"))
        else:
            connection.execute(text("DROP TRIGGER audit_entry_append_only ON audit_entry"))
        for statement, params in statements:
            connection.execute(text(statement), params)


def check():
    with read_scope() as s:
        return audit.verify(s)


def test_entries_written_through_the_service_form_a_whole_chain(session):
    write_entries(session)
    result = check()
    assert result.whole and result.entries == 5
    assert len(result.head_hash or "") == 64


def test_an_entry_edited_directly_in_the_database_is_found_where_it_was_changed(session, engine):
    write_entries(session)
    target = entry_ids(engine)[2]
    as_administrator(engine, ("UPDATE audit_entry SET actor_username = 'someone_else' WHERE id = :id", {"id": target}))
    result = check()
    assert not result.whole
    assert result.breaks == [audit.ChainBreak(target, "changed")]


def test_an_edit_of_before_or_after_values_is_found(session, engine):
    write_entries(session)
    target = entry_ids(engine)[-1]
    changed = '{"name": "新4", "x": 2.5}'
    as_administrator(engine, ("UPDATE audit_entry SET after = :after WHERE id = :id", {"after": changed, "id": target}))
    assert check().breaks == [audit.ChainBreak(target, "changed")]


def test_an_entry_deleted_from_the_middle_breaks_the_link_of_the_one_after_it(session, engine):
    write_entries(session)
    ids = entry_ids(engine)
    as_administrator(engine, ("DELETE FROM audit_entry WHERE id = :id", {"id": ids[3]}))
    assert check().breaks == [audit.ChainBreak(ids[4], "link")]


def test_an_entry_rewritten_with_a_fresh_hash_still_breaks_the_next_link(session, engine):
    write_entries(session)
    ids = entry_ids(engine)
    with engine.connect() as connection:
        row = connection.execute(select(AuditEntry.__table__).where(AuditEntry.id == ids[2])).one()
    forged = audit.entry_hash(
        [
            row.at.isoformat(timespec="microseconds"),
            row.actor_id,
            "root",
            "delete",
            row.entity,
            row.entity_id,
            row.before,
            row.after,
        ],
        row.prev_hash,
    )
    as_administrator(
        engine,
        ("UPDATE audit_entry SET action = 'delete', entry_hash = :h WHERE id = :id", {"h": forged, "id": ids[2]}),
    )
    assert check().breaks == [audit.ChainBreak(ids[3], "link")]


def test_the_command_line_says_whether_the_chain_is_whole_and_where_it_breaks(session, engine, capsys):
    write_entries(session)
    assert cli.main(["verify-audit"]) == 0
    assert "完整" in capsys.readouterr().out
    target = entry_ids(engine)[1]
    as_administrator(engine, ("UPDATE audit_entry SET entity_id = '999' WHERE id = :id", {"id": target}))
    assert cli.main(["verify-audit"]) == 1
    out = capsys.readouterr().out
    assert f"#{target}" in out and "changed" in out


def test_only_leaders_and_admins_may_check_the_chain(session):
    staff = actor_of(session, factories.account(session, "staff").username)
    write_entries(session)
    with read_scope() as s, pytest.raises(Forbidden):
        audit.verify_for(s, staff)


def test_the_migration_chains_the_entries_written_before_it(engine):
    migrate.downgrade(engine, "0011")
    with engine.begin() as connection:
        for n in range(3):
            connection.execute(
                text(
                    "INSERT INTO audit_entry (at, actor_id, actor_username, action, entity, entity_id, before, after)"
                    " VALUES (:at, NULL, 'system', 'create', 'division', :eid, NULL, :after)"
                ),
                {"at": datetime(2026, 1, n + 1, 8, 30, 15, 123456), "eid": str(n), "after": f'{{"name": "区{n}"}}'},
            )
    migrate.upgrade(engine)
    result = check()
    assert result.whole and result.entries == 3
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).where(AuditEntry.entry_hash.is_(None))) == 0


def record_many(url: str, worker: int) -> None:
    import os

    os.environ["DATABASE_URL"] = url
    reset_engines()
    for n in range(RECORDS):
        with session_scope() as s:
            audit.record(s, None, "update", "division", f"{worker}-{n}", None, {"n": n})
            audit.record(s, None, "update", "department", f"{worker}-{n}", None, {"n": n})


def test_writers_in_several_processes_at_once_keep_one_whole_chain(database_url):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=record_many, args=(database_url, w)) for w in range(PROCESSES)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    reset_engines()
    with get_engine(database_url).connect() as connection:
        hashes = list(connection.execute(select(AuditEntry.prev_hash)).scalars())
    assert len(hashes) == len(set(hashes)) == PROCESSES * RECORDS * 2  # no two entries after the same head
    assert check().whole


def logged_heads(caplog):
    return audit.anchors_in(f"{r.name}: {r.getMessage()}" for r in caplog.records if r.name == "minsheng.audit")


def test_each_committed_transaction_logs_the_chains_new_head_and_a_rolled_back_one_does_not(session, caplog):
    caplog.set_level("INFO", logger="minsheng.audit")
    write_entries(session)  # five entries in one transaction: one head logged, the last
    result = check()
    assert logged_heads(caplog) == {result.head_id: result.head_hash}
    caplog.clear()
    with pytest.raises(RuntimeError), session_scope() as s:
        audit.record(s, None, "update", "division", 1)
        raise RuntimeError("the change fails after its audit entry was written")
    assert logged_heads(caplog) == {}


def test_a_chain_rewritten_from_its_start_holds_together_but_not_against_a_logged_head(session, engine, caplog):
    caplog.set_level("INFO", logger="minsheng.audit")
    write_entries(session, count=3)
    anchors = logged_heads(caplog)
    with engine.connect() as connection:
        rows = list(connection.execute(select(AuditEntry.__table__).order_by(AuditEntry.id)))
    rewritten, prev = [], audit.GENESIS
    for row in rows:  # every entry re-hashed in order, the middle one's content changed: a whole chain
        changed = {**row._mapping, "entity_id": "999"} if row.id == rows[1].id else dict(row._mapping)
        changed["prev_hash"] = prev
        changed["entry_hash"] = prev = audit.entry_hash(audit.content_of(_Row(changed)), prev)
        rewritten.append(changed)
    as_administrator(
        engine,
        *(
            (
                "UPDATE audit_entry SET entity_id = :e, prev_hash = :p, entry_hash = :h WHERE id = :id",
                {"e": r["entity_id"], "p": r["prev_hash"], "h": r["entry_hash"], "id": r["id"]},
            )
            for r in rewritten
        ),
    )
    assert check().whole  # the rewrite holds together on its own
    with read_scope() as s:
        against_the_log = audit.verify(s, anchors)
    assert against_the_log.breaks == [audit.ChainBreak(rows[-1].id, "anchor")]


def test_a_logged_head_whose_entry_is_gone_is_a_break(session):
    write_entries(session, count=2)
    with read_scope() as s:
        result = audit.verify(s, {10_000: "0" * 64})
    assert result.breaks == [audit.ChainBreak(10_000, "anchor")] and result.anchors == 1


def test_the_command_line_checks_the_heads_in_the_applications_log(session, engine, caplog, tmp_path, capsys):
    caplog.set_level("INFO", logger="minsheng.audit")
    write_entries(session)
    log = tmp_path / "app.log"
    log.write_text("".join(f"2026-12-06 INFO minsheng.audit: {r.getMessage()}\n" for r in caplog.records), "utf-8")
    assert cli.main(["verify-audit", "--anchors-from", str(log)]) == 0
    assert "1 logged heads hold" in capsys.readouterr().out
    head = entry_ids(engine)[-1]
    as_administrator(engine, ("UPDATE audit_entry SET entry_hash = :h WHERE id = :id", {"h": "f" * 64, "id": head}))
    assert cli.main(["verify-audit", "--anchors-from", str(log)]) == 1
    assert f"#{head} anchor" in capsys.readouterr().out


class _Row:
    """A row's values as attributes, as audit.content_of reads an entry."""

    def __init__(self, values):
        self.__dict__.update(values)


def test_only_the_audit_loggers_own_lines_are_anchors_not_words_someone_typed_into_another_line():
    real, forged = "a" * 64, "b" * 64
    lines = [
        f"2026-12-06 09:00:00,001 INFO pid=1 port=8501 session=- minsheng.audit: audit head #7 {real}\n",
        # a sign-in refused for a username typed to look like an anchor, as the auth log writes it
        f"2026-12-06 09:00:01,002 INFO pid=1 port=8501 session=s minsheng.auth: sign-in refused"
        f" username='minsheng.audit: audit head #7 {forged}' client=10.0.0.9\n",
        f"minsheng.auth: refused username='x minsheng.audit: audit head #8 {forged}'\n",
    ]
    assert audit.anchors_in(lines) == {7: real}


def test_an_entry_logged_with_two_different_hashes_is_a_break_whichever_the_chain_holds():
    entry = _Row(
        {"id": 3, "at": datetime(2026, 12, 6), "actor_id": None, "actor_username": "system", "action": "update"}
        | {"entity": "division", "entity_id": "1", "before": None, "after": None, "prev_hash": audit.GENESIS}
    )
    entry.entry_hash = audit.entry_hash(audit.content_of(entry), audit.GENESIS)
    once = audit.anchors_in([f"minsheng.audit: audit head #3 {entry.entry_hash}"])
    twice = audit.anchors_in([f"minsheng.audit: audit head #3 {h}" for h in (entry.entry_hash, "b" * 64)])
    assert audit.check_chain([entry], once).whole
    assert audit.check_chain([entry], twice).breaks == [audit.ChainBreak(3, "anchor")]


def test_a_head_written_inside_a_savepoint_is_logged_at_the_outer_commit_only(session, caplog):
    caplog.set_level("INFO", logger="minsheng.audit")
    with session_scope() as s:
        with s.begin_nested():
            audit.record(s, None, "update", "division", 1)
        assert logged_heads(caplog) == {}  # released, not committed: the outer transaction may still roll back
    assert logged_heads(caplog) == {check().head_id: check().head_hash}
