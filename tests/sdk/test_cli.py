"""The `mosaic` command as scripts use it: exit codes and the key on the last line."""
import os
import re
import subprocess
import tempfile

from conftest import MOSAIC, ROOT


def run(*args, env=None):
    return subprocess.run([MOSAIC, *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})})


def test_invalid_config_is_one_line_naming_the_key_and_exit_2():
    out = run("serve", "--data-dir", tempfile.mkdtemp(), env={"MOSAIC_PORT": "eighty"})
    assert out.returncode == 2
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "port" in lines[0] and "MOSAIC_PORT" in lines[0]


def test_keys_print_the_secret_alone_on_the_last_line_and_list_never_shows_it():
    data = tempfile.mkdtemp()
    try:
        source = run("keys", "create-source", "web", "--data-dir", data)
        assert source.returncode == 0, source.stderr
        write_key = source.stdout.strip().splitlines()[-1]
        assert re.fullmatch(r"wk_[0-9A-Za-z]{32}", write_key)
        key = run("keys", "create", "--name", "till", "--scopes", "profiles:read,orders:write", "--data-dir", data)
        assert key.returncode == 0, key.stderr
        secret = key.stdout.strip().splitlines()[-1]
        assert re.fullmatch(r"sk_[0-9A-Za-z]{32}", secret)
        listing = run("keys", "list", "--data-dir", data)
        assert listing.returncode == 0
        assert secret not in listing.stdout and write_key not in listing.stdout
        assert "till" in listing.stdout and "web" in listing.stdout
        bad = run("keys", "create", "--name", "x", "--scopes", "root", "--data-dir", data)
        assert bad.returncode != 0 and "unknown scope root" in bad.stderr
    finally:
        run("db", "stop", "--data-dir", data)
