"""What every page stands on: the guard (sign-in, role, menu), cached reads, messages, form helpers."""
