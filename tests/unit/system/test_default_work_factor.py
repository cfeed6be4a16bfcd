import subprocess
import sys

from tests.conftest import PROJECT


def test_without_a_setting_passwords_are_hashed_at_owasps_minimum_cost_of_ten():
    # the plenary's burst of sign-ins is sized on it (README: Sign-in and security)
    code = "from db.system import passwords; print(passwords.ROUNDS)"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True
    )
    assert done.stdout.strip() == "10", done.stderr
