"""Who is acting, and the permission checks every changing service starts with."""

from __future__ import annotations

from dataclasses import dataclass

from db.core.errors import Forbidden
from db.core.vocabulary import Vocabulary


class Role(Vocabulary, labels="role"):
    LEADER = "leader"  # Standing Committee and government leaders: read everything
    DEPUTY = "deputy"  # a deputy: votes, rates, inspects, proposes
    STAFF = "staff"  # the congress office (no department) or a department's liaison
    ADMIN = "admin"  # accounts and reference data, and everything the office may do


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
        return self.role == Role.ADMIN or (self.role == Role.STAFF and self.department_id is None)


def require_role(actor: Actor, *roles: str) -> None:
    if actor.role not in roles:
        raise Forbidden()


def require_office(actor: Actor) -> None:
    if not actor.is_office_staff:
        raise Forbidden()
