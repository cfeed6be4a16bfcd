"""Everything below the user interface: models, sessions, services and domain rules."""
