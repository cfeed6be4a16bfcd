"""Labels of supervision and the rectification ledger: one key per state, kind and source."""

from __future__ import annotations

from db import rules

KIND_LABELS = {
    "week": "activity_kind.week",
    "inspection": "activity_kind.inspection",
    "unannounced": "activity_kind.unannounced",
    "inquiry": "activity_kind.inquiry",
    "deliberation": "activity_kind.deliberation",
}
FINDING_LABELS = {
    "submitted": "finding_state.submitted",
    "confirmed": "finding_state.confirmed",
    "dismissed": "finding_state.dismissed",
}
STATE_LABELS = {
    rules.OPEN: "rectification_state.open",
    rules.IN_PROGRESS: "rectification_state.in_progress",
    rules.RECTIFIED: "rectification_state.rectified",
    rules.VERIFIED: "rectification_state.verified",
    rules.REJECTED: "rectification_state.rejected",
}
SOURCE_LABELS = {
    "finding": "rectification_source.finding",
    "review": "rectification_source.review",
    "survey": "rectification_source.survey",
    "other": "rectification_source.other",
}
SOURCE_PAGES = {"finding": "pages/supervision.py", "review": "pages/lookback.py"}
