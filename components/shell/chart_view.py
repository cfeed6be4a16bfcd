"""A chart on screen, with its text alternatives: a sentence under it, and its data as a table.

A chart is a picture (Vega draws it on a canvas), which a screen reader cannot read and a
person with low vision may not make out; under every chart an expander holds the same numbers
as a table (an HTML table, read cell by cell). The table is the chart's own largest data set,
its columns named in the interface language. Above the table, where the page gives one, a sentence
says what the chart shows (built by the area's chart_sentences module), read in the page's flow.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit import dataframe_util
from streamlit.delta_generator import DeltaGenerator
from streamlit.elements.vega_charts import _prepare_vega_lite_spec

from components.shell import plain
from components.text import t

# The data fields the chart builders use, and their words; a field already named in the
# interface language (a label passed in) stays as it is.
FIELD_WORDS = {
    "month": "app.chart_field_month",
    "series": "app.chart_field_series",
    "percent": "app.chart_field_percent",
    "group": "app.chart_field_group",
    "spent": "app.chart_field_spent",
    "candidate": "app.chart_field_candidate",
    "votes": "app.chart_field_votes",
    "outcome": "app.chart_field_outcome",
    "project": "app.chart_field_project",
    "level": "app.chart_field_level",
    "count": "app.chart_field_count",
    "round": "app.chart_field_round",
    "rate": "app.chart_field_rate",
    "state": "app.chart_field_state",
    "items": "app.chart_field_items",
    "division": "app.chart_field_division",
    "rating": "app.chart_field_rating",
    "part": "app.chart_field_part",
    "amount": "app.chart_field_amount",
    "measure": "app.chart_field_measure",
    "lagging": "app.chart_field_lagging",
}


def data_table(spec: dict[str, Any]) -> str | None:
    """The spec's largest data set as a Markdown table, its columns in the interface language (None without data).

    Markdown, made once per data version with the chart (components/shell/cached.py): st.table
    converted its data on every run, 4 % of the dashboard's server time under a crowd. Streamlit
    draws it as an HTML table all the same, numbers aligned right.
    """
    datasets = [rows for rows in spec.get("datasets", {}).values() if rows]
    if not datasets:
        return None
    rows = max(datasets, key=len)
    fields = list(dict.fromkeys(field for row in rows for field in row))
    headings = [t(FIELD_WORDS[f]) if f in FIELD_WORDS else f for f in fields]
    alignment = ["---:" if _numeric(row.get(f) for row in rows) else "---" for f in fields]
    body = ([_cell(row.get(f)) for f in fields] for row in rows)
    return "\n".join("| " + " | ".join(cells) + " |" for cells in ([_cell(h) for h in headings], alignment, *body))


def _numeric(values: Iterable[object]) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present)


def _cell(value: object) -> str:
    """A cell as a person reads it: 是/否 for a flag, a number to two places at most, and text
    escaped, on one line (a line break would end the table's row)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("app.chart_yes") if value else t("app.chart_no")
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return str(value)  # counts and years alike: a separator would show the year 2024 as 2,024
    return plain.escape(" ".join(str(value).split()))


@dataclass(frozen=True)
class ReadyChart:
    """A chart's spec and table as Streamlit sends them, made once (components/shell/cached.py).

    Its data sets are Arrow bytes, Streamlit's own format, which st.vega_lite_chart passes on as
    they are; its table is Markdown (see data_table). Converted on every run instead, they were a
    third of the dashboard's server time.
    """

    spec: dict[str, Any]
    table: str | None


def ready(spec: dict[str, Any]) -> ReadyChart:
    """The spec with its data sets converted and Streamlit's sizing settled, and its table (see data_table).

    st.vega_lite_chart settles a spec's autosize on every run, unless the spec has one; it is settled
    here once, by Streamlit's own function, as every chart is drawn at the container's width.
    """
    datasets = {
        name: rows if isinstance(rows, bytes) else dataframe_util.convert_anything_to_arrow_bytes(rows)
        for name, rows in spec.get("datasets", {}).items()
    }
    sized = _prepare_vega_lite_spec({**spec, "datasets": datasets} if datasets else spec, use_container_width=True)
    return ReadyChart(sized, data_table(spec))


def draw(
    chart: ReadyChart, *, into: DeltaGenerator | None = None, summary: str | None = None, legend: str | None = None
) -> None:
    """The chart, under it the sentence that sums it up and the legend's catalogue text (if given),
    then an expander with its data as a table. Each is one element: a page sends them on every run."""
    with into if into is not None else contextlib.nullcontext():
        st.vega_lite_chart(chart.spec, width="stretch")
        if summary or legend:
            st.caption((plain.escape(summary) if summary else "") + ("  \n" + t(legend) if legend else ""))
        if chart.table is not None:
            with st.expander(t("app.chart_data"), icon=":material/table_view:"):
                st.markdown(chart.table)
