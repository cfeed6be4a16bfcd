import subprocess
import sys

import pytest

from components.shell.client import address_of
from db.system import passwords
from tests.conftest import PROJECT

PROXY = frozenset({"127.0.0.1"})


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "expected"),
    [
        (None, None, "127.0.0.1"),  # Streamlit says None for a connection from this machine
        ("198.51.100.7", None, "198.51.100.7"),
        ("198.51.100.7", "10.9.9.9", "198.51.100.7"),  # not the proxy: its header is its own invention
        (None, "198.51.100.7", "198.51.100.7"),  # through nginx on this machine
        (None, "10.9.9.9, 198.51.100.7", "198.51.100.7"),  # the client wrote the first, the proxy added the last
        (None, "127.0.0.1", "127.0.0.1"),
    ],
)
def test_the_client_is_named_by_x_forwarded_for_only_when_the_connection_comes_from_the_proxy(
    peer, forwarded_for, expected
):
    assert address_of(peer, forwarded_for, PROXY) == expected


def test_without_a_configured_proxy_the_header_is_never_believed():
    assert address_of("198.51.100.7", "10.9.9.9", frozenset()) == "198.51.100.7"


def test_bcrypt_never_works_below_owasps_minimum_cost_of_ten():
    code = "from db.system import passwords; print(passwords.ROUNDS)"
    for asked, used in (("4", "10"), ("13", "13")):
        env = {"MINSHENG_BCRYPT_ROUNDS": asked, "PATH": "/usr/bin:/bin"}
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, check=True
        )
        assert done.stdout.strip() == used
    assert passwords.MIN_ROUNDS >= 10


@pytest.mark.parametrize(("stored", "rounds"), [("$2b$12$" + "x" * 53, 12), ("$2b$04$" + "x" * 53, 4), ("plain", 0)])
def test_the_work_factor_is_read_from_the_hash(stored, rounds):
    assert passwords.rounds_of(stored) == rounds
