from datetime import date, datetime

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from db.core import audit
from db.core.audit import AuditFilter
from db.core.errors import Forbidden
from db.core.models import AuditEntry
from db.core.session import read_scope, read_value, session_scope
from tests import factories
from tests.conftest import fresh
from tests.factories import actor_of


def write_entries(session):
    admin = actor_of(session, factories.account(session, "admin", username="root").username)
    other = actor_of(session, factories.account(session, "admin", username="second").username)
    with session_scope() as s:
        audit.record(s, admin, "create", "division", 1, after={"name": "新区"})
        audit.record(s, other, "update", "department", 2, {"name": "旧"}, {"name": "新"})
        audit.record(s, admin, "update", "division", 1, {"when": date(2026, 1, 1)}, {"when": date(2026, 2, 1)})
    return admin


def test_every_record_bumps_the_data_version_that_cached_reads_are_keyed_by(session):
    before = audit.data_version(fresh(session))
    write_entries(session)
    assert audit.data_version(fresh(session)) == before + 3


def test_the_data_version_read_outside_a_session_is_the_committed_one(session):
    # Every script run reads it first, on a driver connection of its own (session.read_value).
    write_entries(session)
    assert audit.data_version_now() == audit.data_version(fresh(session))
    committed = audit.data_version_now()
    with session_scope() as s:
        audit.bump_data_version(s)
        s.flush()
        assert audit.data_version_now() == committed  # not before the commit
    assert audit.data_version_now() == committed + 1 == audit.data_version(fresh(session))


def test_a_driver_error_of_that_read_comes_out_as_sqlalchemys_as_a_sessions_would():
    # The guard tells "the database is out of reach" by SQLAlchemy's errors, not each driver's own.
    with pytest.raises(DBAPIError):
        read_value("SELECT value FROM no_such_table")


def test_browsing_filters_by_person_and_entity_newest_first(session):
    admin = write_entries(session)
    with read_scope() as s:
        everything = audit.browse(s, admin, AuditFilter())
        mine = audit.browse(s, admin, AuditFilter(actor="root"))
        divisions = audit.browse(s, admin, AuditFilter(entity="division"))
        people, entities = audit.filter_choices(s)
    assert [r.action for r in everything] == ["update", "update", "create"]
    assert {r.actor for r in mine} == {"root"} and len(mine) == 2
    assert {r.entity for r in divisions} == {"division"}
    assert everything[0].before == {"when": "2026-01-01"}
    assert (people, entities) == (["root", "second"], ["department", "division"])


def test_browsing_filters_by_local_date(session):
    admin = write_entries(session)
    at = fresh(session).scalar(select(AuditEntry.at).limit(1))
    local_day = (at.hour >= 16 and date.fromordinal(at.toordinal() + 1)) or at.date()
    with read_scope() as s:
        assert len(audit.browse(s, admin, AuditFilter(since=local_day, until=local_day))) == 3
        assert audit.browse(s, admin, AuditFilter(until=date(2000, 1, 1))) == []


@pytest.mark.parametrize("role", ["deputy", "staff"])
def test_only_leaders_and_admins_browse_the_log(session, role):
    actor = actor_of(session, factories.account(session, role).username)
    with pytest.raises(Forbidden), read_scope() as s:
        audit.browse(s, actor, AuditFilter())
    leader = actor_of(session, factories.account(session, "leader").username)
    with read_scope() as s:
        assert audit.browse(s, leader, AuditFilter()) == []


def test_the_database_refuses_to_change_or_delete_an_audit_row(session, engine):
    write_entries(session)
    for statement in (update(AuditEntry).values(action="forged"), delete(AuditEntry)):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(statement)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM audit_entry")).scalar() == 3


def test_audit_times_are_stored_in_utc(session):
    write_entries(session)
    at = fresh(session).scalar(select(AuditEntry.at).limit(1))
    assert abs((datetime.utcnow() - at).total_seconds()) < 60
