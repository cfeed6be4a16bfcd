"""How a micro item (微实事) looks: its facts, its history, its file (to permitted people), a table of items."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from components.micro import labels
from components.shell import download, plain
from components.text import t
from db.core import clock
from db.core.actors import Actor
from db.core.session import read_scope
from db.micro import item_reads as micro_reads
from db.micro.item_reads import ItemView


def details(user: Actor, item: ItemView) -> None:
    """What was proposed, where and for whom; who works on it; the result and rating; the history."""
    st.markdown(f"**{plain.escape(item.title)}** · {labels.state(item.state)}")
    plain.text(item.problem)
    st.caption(
        plain.md(
            "micro.facts",
            place=item.place,
            beneficiaries=item.beneficiaries,
            cost=labels.money(item.estimated_cost),
            deputy=item.deputy,
            date=clock.local(item.proposed_at).date().isoformat(),
        )
    )
    if item.department:
        deadline = item.deadline.isoformat() if item.deadline else ""
        overdue = t("micro.overdue_mark") if item.overdue else ""
        st.caption(
            plain.md(
                "micro.assigned_facts",
                department=item.department,
                deadline=deadline,
                overdue=overdue,
                fund=labels.fund(item.fund),
            )
        )
    if item.decline_reason:
        st.warning(plain.md("micro.declined_because", reason=item.decline_reason))
    if item.result:
        st.markdown(plain.md("micro.result_line", result=item.result, cost=labels.money(item.actual_cost)))
    if item.rating:
        behalf = t("micro.on_behalf") if item.rated_on_behalf else ""
        st.markdown(
            plain.md("micro.rating_line", rating=labels.rating(item.rating), comment=item.rating_comment, behalf=behalf)
        )
    attachment(user, item)
    for note in item.notes:
        st.caption(
            f"{clock.local(note.at):%Y-%m-%d %H:%M} · {plain.escape(note.author)} → {labels.state(note.state_after)}"
            f"{' · ' + plain.escape(note.text) if note.text else ''}"
        )


def attachment(user: Actor, item: ItemView) -> None:
    """The photo shown, the document offered for download: only to people permitted to see it."""
    if item.attachment is None or not micro_reads.may_see_attachment(user, item):
        return
    with read_scope() as s:
        file = micro_reads.attachment(s, user, item.id)
    if file is None:
        return
    if file.kind in ("jpeg", "png"):
        try:
            st.image(file.content, caption=plain.escape(file.filename), width=320)
        except Exception:  # a picture stored before the checks, unreadable: it may still be downloaded
            st.caption(plain.md("micro.image_unreadable", name=file.filename))
    mime = {"jpeg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}[file.kind]
    download.attachment("micro.download_file", file.content, name=file.filename, mime=mime, key=f"micro_file_{item.id}")


def rows(items: list[ItemView]) -> list[dict[str, object]]:
    """Items with headers in the interface language (screen and Excel)."""
    return [
        {
            t("micro.col_id"): i.id,
            t("micro.title"): i.title,
            t("micro.col_place"): i.place,
            t("micro.beneficiaries"): i.beneficiaries,
            t("micro.estimated_cost"): i.estimated_cost,
            t("micro.col_deputy"): i.deputy,
            t("micro.col_proposed"): clock.local(i.proposed_at).date().isoformat(),
            t("micro.col_state"): labels.state(i.state),
            t("micro.department"): i.department,
            t("micro.deadline"): i.deadline.isoformat() if i.deadline else "",
            t("micro.col_overdue"): "⚠️" if i.overdue else "",
            t("micro.fund"): labels.fund(i.fund),
            t("micro.actual_cost"): i.actual_cost,
            t("micro.rating"): labels.rating(i.rating),
        }
        for i in items
    ]


def choose(items: list[ItemView], *, key: str) -> ItemView | None:
    """Pick one of the items by a label (overdue marked); None when there is none."""
    if not items:
        st.caption(t("micro.none"))
        return None
    by_id: Mapping[int, ItemView] = {i.id: i for i in items}
    names = {i.id: f"{'⚠️ ' if i.overdue else ''}{i.title} · {i.division}" for i in items}
    chosen = st.selectbox(t("micro.item"), list(names), format_func=names.__getitem__, key=key)
    return by_id[chosen]
