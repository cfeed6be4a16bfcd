"""The production files in deploy/ hold together: nginx accepts the site as Debian installs it, and the
environment template names exactly the settings the app reads."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from db.core import settings
from deploy import proxy
from tests.conftest import PROJECT, need

DEPLOY = PROJECT / "deploy"


def test_nginx_accepts_the_production_site_as_debian_lays_it_out(tmp_path: Path) -> None:
    """/etc/nginx with conf.d/minsheng.conf, snippets/minsheng-locations.conf and the site, under a prefix."""
    nginx = proxy.nginx_binary()
    need(nginx is not None, "nginx is not installed")
    need(shutil.which("openssl") is not None, "openssl is not installed")
    assert nginx
    etc = tmp_path / "etc"
    for folder in ("conf.d", "snippets", "sites-enabled", "ssl", "logs", "temp"):
        (etc / folder).mkdir(parents=True)
    shutil.copy(DEPLOY / "nginx" / "minsheng-http.conf", etc / "conf.d" / "minsheng.conf")
    shutil.copy(DEPLOY / "nginx" / "minsheng-locations.conf", etc / "snippets" / "minsheng-locations.conf")
    certificate, key = etc / "ssl" / "site.pem", etc / "ssl" / "site.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=minsheng.test"]
        + ["-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    site = (DEPLOY / "nginx" / "minsheng-site.conf").read_text()
    site = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {certificate};", site)
    site = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", site)
    site = site.replace("/var/log/nginx/", f"{etc / 'logs'}/")
    (etc / "sites-enabled" / "minsheng").write_text(site)
    temp = etc / "temp"
    (etc / "nginx.conf").write_text(
        f"pid {etc / 'nginx.pid'}; error_log {etc / 'logs' / 'error.log'};\n"
        "events { worker_connections 4096; }\n"
        f"http {{ client_body_temp_path {temp}; proxy_temp_path {temp}; fastcgi_temp_path {temp};"
        f" uwsgi_temp_path {temp}; scgi_temp_path {temp};\n"
        "  include conf.d/*.conf; include sites-enabled/*; }\n"
    )
    checked = subprocess.run(
        [nginx, "-t", "-p", str(etc), "-c", str(etc / "nginx.conf")], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_the_environment_template_names_the_settings_the_app_reads() -> None:
    template = (DEPLOY / "minsheng.env.example").read_text()
    named = set(re.findall(r"^([A-Z_]+)=", template, flags=re.MULTILINE))
    read = set(settings.VARIABLES)  # the settings module reads the names it lists there
    for source in (PROJECT / "db" / "core" / "settings.py", PROJECT / "components" / "shell" / "auth.py"):
        read |= set(re.findall(r"environ(?:\.get)?\(\s*\"([A-Z_]+)\"", source.read_text()))
    assert {"DATABASE_URL", "MINSHENG_COOKIE_KEY", "MINSHENG_DEMO", "MINSHENG_DATA_DIR"} <= read
    assert read <= named, read - named
    assert {"STREAMLIT_SERVER_COOKIE_SECRET", "PYTHONUNBUFFERED"} <= named
