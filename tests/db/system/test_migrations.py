from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import CheckConstraint, inspect

from db.core import migrate
from db.schema import metadata


def test_migrations_run_down_to_nothing_and_up_again(engine):
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert {"account", "audit_entry", "deputy", "division", "department", "year"} <= set(
        inspect(engine).get_table_names()
    )


def test_the_migrated_schema_matches_the_models(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_migrating_twice_changes_nothing(engine):
    migrate.upgrade(engine)
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() is not None


def model_checks() -> dict[str, str]:
    return {
        str(c.name): " ".join(str(c.sqltext).split())
        for table in metadata.tables.values()
        for c in table.constraints
        if isinstance(c, CheckConstraint)
    }


def test_the_database_holds_the_check_constraints_the_vocabularies_give(engine):
    """A state added to a vocabulary without a migration would be refused by the database: this says so first."""
    reflected = {
        check["name"]: " ".join(check["sqltext"].split())
        for table in inspect(engine).get_table_names()
        for check in inspect(engine).get_check_constraints(table)
    }
    expected = model_checks()
    assert reflected.keys() >= expected.keys()
    if engine.dialect.name == "sqlite":  # PostgreSQL rewrites the text (casts, ANY(ARRAY[…])): names suffice there
        assert {name: reflected[name] for name in expected} == expected


def test_sealing_ballots_keeps_the_counted_ballots_and_their_picks_and_drops_the_receipt_link(session, engine):
    from decimal import Decimal

    from sqlalchemy import text

    from db.vote.models import Ballot, BallotPick, Candidate, VotingRound
    from tests import factories

    factories.year(session, 2027)
    lead = factories.department(session)
    candidate = Candidate(
        year=2027, title="候选", field="公共教育", lead_department_id=lead.id, estimated_budget=Decimal(1)
    )
    voting_round = VotingRound(year=2027, state="published")
    session.add_all([candidate, voting_round])
    session.commit()
    session.close()
    migrate.downgrade(engine, "0011")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO ballot (id, round_id, receipt_hash) VALUES ('b1', :r, 'h1')"), {"r": voting_round.id}
        )
        connection.execute(
            text("INSERT INTO ballot_pick (ballot_id, candidate_id) VALUES ('b1', :c)"), {"c": candidate.id}
        )
    migrate.upgrade(engine)
    assert "receipt_hash" not in {c["name"] for c in inspect(engine).get_columns("ballot")}
    with engine.connect() as connection:
        assert connection.execute(text("SELECT id, valid FROM ballot")).all() == [("b1", True)]
        assert connection.execute(text("SELECT ballot_id FROM ballot_pick")).scalars().all() == ["b1"]
    assert Ballot.__tablename__ == "ballot" and BallotPick.__tablename__ == "ballot_pick"
