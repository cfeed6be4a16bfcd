"""Who is acting, and the permission checks every changing service starts with."""

from __future__ import annotations

from dataclasses import dataclass

from db.core.errors import Forbidden


@dataclass(frozen=True)
class Actor:
    id: int
    username: str
    display_name: str
    role: str
    department_id: int | None = None
    deputy_id: int | None = None

    @property
    def is_office_staff(self) -> bool:
        """Congress office staff: staff with no department, or an admin."""
        return self.role == "admin" or (self.role == "staff" and self.department_id is None)


def require_role(actor: Actor, *roles: str) -> None:
    if actor.role not in roles:
        raise Forbidden()


def require_office(actor: Actor) -> None:
    if not actor.is_office_staff:
        raise Forbidden()
