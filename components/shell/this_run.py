"""Values that hold for one script run, kept on Streamlit's context of the run.

Session state is read through three layers and a lock; a value every part of a run asks for many
times (the language, the data version) is read once and kept here. It is kept beside the run's own
cursors, a new dict each run, so the next run reads afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx


def kept(name: str) -> Any:
    """What this run kept under `name`, else None (and always None outside a run)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return None
    held = getattr(ctx, name, None)
    return held[1] if held is not None and held[0] is ctx.cursors else None


def keep(name: str, value: Any) -> None:
    """Keep `value` for the rest of this run (not None: that reads as nothing kept)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is not None:
        setattr(ctx, name, (ctx.cursors, value))


def once(name: str, make: Callable[[], Any]) -> Any:
    """What this run kept under `name`, else what `make` gives, kept for the rest of the run."""
    value = kept(name)
    if value is None:
        value = make()
        keep(name, value)
    return value


def forget(name: str) -> None:
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is not None:
        setattr(ctx, name, None)
