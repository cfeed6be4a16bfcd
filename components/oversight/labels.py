"""Where a ledger item's source is shown: the page of a finding or a look-back review."""

from __future__ import annotations

from db.oversight.rules import Source

SOURCE_PAGES: dict[str, str] = {Source.FINDING: "pages/supervision.py", Source.REVIEW: "pages/lookback.py"}
