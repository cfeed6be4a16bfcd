"""Every text shown to people: key -> (简体中文, English), merged from one module per area.

A key belongs to the module of the area its prefix names (PREFIXES); a key defined in two modules is
refused when the catalogue is built, so one area can never silently overwrite another's text.
"""

from __future__ import annotations

from collections.abc import Mapping

from components.text import app, micro, oversight, projects, reports, survey, system, vote, wishes

Texts = Mapping[str, tuple[str, str]]

AREAS: dict[str, Texts] = {
    "app": app.TEXTS,
    "system": system.TEXTS,
    "projects": projects.TEXTS,
    "vote": vote.TEXTS,
    "survey": survey.TEXTS,
    "oversight": oversight.TEXTS,
    "micro": micro.TEXTS,
    "wishes": wishes.TEXTS,
    "reports": reports.TEXTS,
}

# Which module holds a key: the area of the longest prefix of the key listed here. A namespace
# ends with a dot; the menu's and the home page's keys name their page, which belongs to an area.
PREFIXES: dict[str, list[str]] = {
    # input. and error.: any form; import.: any uploaded table (db/core/tabular)
    "app": "app. startup. role. menu_group. menu.home auth. guard. home. input. error. import. quantity.".split(),
    "system": """account. accounts. my_account. deputy. deputies. reference. department. audit. security. security_event.
        menu.accounts menu.deputies menu.reference_data menu.audit_log menu.security_log menu.my_account""".split(),
    "projects": """status. progress. project. manage. report. bulk. dashboard. chart.
        menu.dashboard menu.project menu.report_progress menu.manage_projects""".split(),
    "vote": "vote. vote_state. vote_rule. ballot. candidate. tellers. sealing. menu.vote menu.candidates home.vote_open".split(),
    "survey": """survey. survey_stage. survey_body. survey_state. survey_level. survey_flag.
        menu.survey home.survey_open""".split(),
    "oversight": """supervision. activity_kind. finding_state.
        rectification. rectification_state. rectification_source.
        lookback. lookback_aspect. lookback_rating. scorecard.
        menu.supervision menu.rectification menu.lookback menu.scorecard home.rectification_todo
        home.office_rectification""".split(),
    "micro": "micro. micro_state. micro_fund. micro_rating. micro_file. menu.micro home.micro home.office_micro".split(),
    "wishes": "wish. wish_category. wish_state. wish_action. menu.wish menu.my_wishes".split(),
    "reports": "reports. report_kind. menu.reports".split(),
}
_AREA_OF_PREFIX = {prefix: area for area, prefixes in PREFIXES.items() for prefix in prefixes}


class DuplicateKey(ValueError):
    """Two area modules define the same key."""


def merge(areas: Mapping[str, Texts]) -> dict[str, tuple[str, str]]:
    """One catalogue from the areas' texts; refuses a key that two areas define."""
    merged: dict[str, tuple[str, str]] = {}
    owner: dict[str, str] = {}
    for area, texts in areas.items():
        for key, text in texts.items():
            if key in owner:
                raise DuplicateKey(f"{key!r} is defined in both {owner[key]} and {area}")
            merged[key], owner[key] = text, area
    return merged


def area_of(key: str) -> str | None:
    """The area whose module should hold the key, or None if no prefix claims it."""
    prefix = max((p for p in _AREA_OF_PREFIX if key.startswith(p)), key=len, default=None)
    return _AREA_OF_PREFIX[prefix] if prefix else None


CATALOGUE = merge(AREAS)
