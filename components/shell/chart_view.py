"""A chart on screen, with its text alternatives: a sentence under it, and its data as a table.

A chart is a picture (Vega draws it on a canvas), which a screen reader cannot read and a
person with low vision may not make out; under every chart an expander holds the same numbers
as a table (an HTML table, read cell by cell). The table is the chart's own largest data set,
its columns named in the interface language. Above the table, where the page gives one, a sentence
says what the chart shows (built by the area's chart_sentences module), read in the page's flow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit import dataframe_util
from streamlit.delta_generator import DeltaGenerator

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


def data_table(spec: dict[str, Any]) -> pd.DataFrame | None:
    """The spec's largest data set with its columns in the interface language (None without data)."""
    datasets = [rows for rows in spec.get("datasets", {}).values() if rows]
    if not datasets:
        return None
    frame = pd.DataFrame(max(datasets, key=len))
    frame = frame.map(_cell)
    return frame.rename(columns={f: t(key) for f, key in FIELD_WORDS.items() if f in frame.columns})


def _cell(value: object) -> object:
    """A cell as a person reads it: 是/否 for a flag, a number to two places at most (st.table shows a
    fraction to four: 65.4000), and people's text escaped, since st.table renders cells as Markdown."""
    if isinstance(value, bool):
        return t("app.chart_yes") if value else t("app.chart_no")
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, str):
        return plain.escape(value)
    return value


@dataclass(frozen=True)
class ReadyChart:
    """A chart's spec and table as Streamlit sends them, converted once (components/shell/cached.py).

    Its data sets are Arrow bytes, Streamlit's own format, which st.vega_lite_chart passes on as
    they are; its table is an Arrow table, which st.table serialises without pandas. Converted on
    every run instead, they were a third of the dashboard's server time.
    """

    spec: dict[str, Any]
    table: pa.Table | None


def ready(spec: dict[str, Any]) -> ReadyChart:
    """The spec with its data sets converted, and its table (see data_table)."""
    table = data_table(spec)
    datasets = {
        name: rows if isinstance(rows, bytes) else dataframe_util.convert_anything_to_arrow_bytes(rows)
        for name, rows in spec.get("datasets", {}).items()
    }
    return ReadyChart(
        {**spec, "datasets": datasets} if datasets else spec,
        # Streamlit's own conversion, which mends a column of mixed types where pyarrow alone refuses it
        None if table is None else dataframe_util.convert_pandas_df_to_arrow_table(table, preserve_index=False),
    )


def draw(chart: ReadyChart, *, into: DeltaGenerator | None = None, summary: str | None = None) -> None:
    """The chart, under it the sentence that sums it up (if given), then an expander with its data as a table."""
    place = into if into is not None else st.container()
    with place:
        st.vega_lite_chart(chart.spec, width="stretch")
        if summary:
            st.caption(plain.escape(summary))
        if chart.table is not None:
            with st.expander(t("app.chart_data"), icon=":material/table_view:"):
                st.table(chart.table, hide_index=True)
