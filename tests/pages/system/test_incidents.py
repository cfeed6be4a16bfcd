"""No raw error reaches a person: a message with an incident code on the page, the trace under that code in the log."""

from __future__ import annotations

import logging
import re
from decimal import Decimal

from sqlalchemy.exc import DataError, OperationalError

from db.oversight import rectification
from tests.pages.conftest import shown, texts

CODE = re.compile(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}")
SQL = "UPDATE progress_report SET funds_spent=%(funds_spent)s WHERE progress_report.id = %(id)s"


def failing(error):
    def fail(*args, **kwargs):
        raise error

    return fail


def incident_code(at) -> str:
    assert not at.exception  # Streamlit's own box, with type and trace, is not drawn
    message = shown(next(e.value for e in at.error if "事件编号" in e.value))
    return CODE.search(message).group()


def test_an_unexpected_error_shows_a_message_with_a_code_and_the_log_keeps_its_trace(
    open_page, monkeypatch, caplog, incidents_seen
):
    monkeypatch.setattr(rectification, "open_counts", failing(RuntimeError("secret detail of the server")))
    with caplog.at_level(logging.ERROR):
        at = open_page("leader", "pages/dashboard.py")
    code = incident_code(at)
    assert "secret detail" not in texts(at) and "RuntimeError" not in texts(at)
    logged = [r for r in caplog.records if r.name == "minsheng.incident" and code in r.getMessage()]
    assert len(logged) == 1 and logged[0].exc_info is not None
    assert "secret detail of the server" in logging.Formatter().formatException(logged[0].exc_info)
    assert "open_counts" not in texts(at) and [type(e) for e in incidents_seen] == [RuntimeError]
    incidents_seen.clear()


def test_a_database_data_error_shows_no_sql(open_page, monkeypatch, incidents_seen):
    error = DataError(SQL, {"funds_spent": Decimal("1e13"), "id": 1}, Exception("numeric field overflow"))
    monkeypatch.setattr(rectification, "open_counts", failing(error))
    at = open_page("leader", "pages/dashboard.py")
    incident_code(at)
    shown = texts(at)
    assert not any(word in shown for word in ("UPDATE", "progress_report", "numeric field overflow", "DataError"))
    incidents_seen.clear()


def test_a_database_out_of_reach_is_said_so_with_the_code(open_page, monkeypatch, incidents_seen):
    monkeypatch.setattr(rectification, "open_counts", failing(OperationalError("SELECT 1", {}, Exception("gone"))))
    at = open_page("leader", "pages/dashboard.py")
    assert "暂时无法连接数据库" in next(e.value for e in at.error if "事件编号" in e.value)
    incident_code(at)
    incidents_seen.clear()


def test_every_run_of_every_page_is_inside_the_boundary(open_page):
    """The guard installs the handler on the script run; a page test with no error sees none."""
    at = open_page("leader", "pages/dashboard.py")
    assert not at.exception and not [e for e in at.error if "事件编号" in e.value]
