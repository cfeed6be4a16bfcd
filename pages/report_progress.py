"""Report progress (staff): a project's month by form, or all of a department's by Excel."""

from datetime import date

import streamlit as st

from components.projects.report_form import report_form
from components.shell import download, feedback, guard, plain
from components.text import t
from db.core import clock
from db.core.session import read_scope
from db.projects import bulk_reports, reporting

user = guard.require(__file__)
st.title(t("menu.report_progress"))

today = clock.today()
# This year's months and last year's (for corrections), newest first.
months = [date(y, m, 1) for y in (today.year, today.year - 1) for m in range(12, 0, -1) if date(y, m, 1) <= today]
month = st.selectbox(
    t("report.month"),
    months,
    format_func=lambda m: m.strftime("%Y-%m"),
    placeholder=t("input.choose"),
    key="report_month",
    index=1 if len(months) > 1 else 0,
    help=t("report.month_help"),
)
with read_scope() as s:
    projects = reporting.reportable_projects(s, user, month.year)
if not projects:
    st.info(plain.md("report.nothing_to_report", year=month.year))
    st.stop()

by_form, by_excel = st.tabs(
    [t("report.by_form"), t("report.by_excel")], key="report_tab", on_change="rerun"
)  # remembered across the rerun after a save
with by_form:
    titles = {i: f"{number}. {title}" for i, number, title in projects}
    project_id = st.selectbox(
        t("project.choose"),
        list(titles),
        format_func=titles.__getitem__,
        placeholder=t("input.choose"),
        key="report_project",
    )
    with read_scope() as s:
        draft = reporting.draft(s, user, project_id, month)
    if draft.saved:
        st.info(t("report.correcting"))
    entered = report_form(draft, key=f"report_{project_id}_{month:%Y%m}")
    if entered is not None:
        data = entered
        feedback.apply(lambda s: reporting.save_report(s, user, project_id, month, data, today), "report.saved")

with by_excel:
    st.write(t("report.excel_help"))

    download.from_store(
        "report.template",
        lambda s: bulk_reports.template(s, user, month),
        file_name=f"progress-{month:%Y-%m}.xlsx",
        key="report_template",
    )
    upload = st.file_uploader(t("report.upload"), type=["xlsx"], key="report_file")
    if upload is not None and st.button(t("report.apply_upload"), type="primary", key="apply_upload"):
        name, content = upload.name, upload.getvalue()
        feedback.apply_prepared(
            lambda: bulk_reports.read(name, content),
            lambda s, parsed: bulk_reports.apply(s, user, month, parsed, today),
            "report.bulk_saved",
        )
