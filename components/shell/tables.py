"""Tables on the screen: what matters first, long text held to a column's width.

Streamlit sizes a text column to its longest cell, so one column of titles or problems pushes
the state, the deadline or the outcome off to the right at 1280 px, and on a phone a table shows
only its first column. Here the columns a reader looks for come first (the Excel export keeps
its own order), and long text gets a "medium" column, its cell shown whole on hover.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st


def show(
    rows: Sequence[Mapping[str, object]] | pd.DataFrame,
    *,
    first: Sequence[str] = (),
    long: Sequence[str] = (),
    pinned: str | None = None,
    config: Mapping[str, Any] | None = None,
) -> None:
    """`first`: the columns to show before the others; `long`: text columns held to a medium width;
    `pinned`: a column kept in view while the others scroll sideways (a phone's)."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    columns = [str(c) for c in frame.columns]
    order = [c for c in first if c in columns] + [c for c in columns if c not in first]
    column_config = dict(config or {})
    for column in long:
        if column in columns:
            column_config[column] = st.column_config.TextColumn(width="medium", pinned=column == pinned)
    st.dataframe(frame, hide_index=True, width="stretch", column_order=order, column_config=column_config)
