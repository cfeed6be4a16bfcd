"""Shared plumbing: settings, engine and scopes, clock, actors, errors, audit, tables, migrations."""
