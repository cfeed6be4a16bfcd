"""The production configuration keeps raw errors and live-formula exports away from people."""

import tomllib

from tests.conftest import PROJECT


def config() -> dict:
    return tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_streamlit_shows_no_error_details_should_the_incident_boundary_fail():
    assert config()["client"]["showErrorDetails"] == "none"


def test_the_tables_own_csv_download_and_copy_are_off():
    assert config()["client"]["disableDataExport"] is True


def test_streamlit_knows_both_options():
    """A renamed option would be ignored in silence: Streamlit must list both."""
    from streamlit import config as streamlit_config

    options = streamlit_config.get_config_options()
    assert {"client.showErrorDetails", "client.disableDataExport"} <= set(options)
