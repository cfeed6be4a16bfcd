import pytest

from components.shell.client import address_of

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
