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
