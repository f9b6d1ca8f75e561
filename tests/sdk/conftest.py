"""A live `mosaic serve` on its embedded PostgreSQL, for tests that drive it with real SDKs."""
import os
import re
import subprocess
import tempfile
import time
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MOSAIC = os.environ.get("MOSAIC_BIN", os.path.join(ROOT, ".build", "debug", "mosaic"))


def run_mosaic(*args, data_dir):
    out = subprocess.run([MOSAIC, args[0], args[1], "--data-dir", data_dir, *args[2:]], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stderr
    return out.stdout


class Mosaic:
    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.process = None
        self.url = None

    def start(self):
        self.process = subprocess.Popen([MOSAIC, "serve", "--port", "0", "--data-dir", self.data_dir],
                                        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        stdin=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"http://[\d.]+:(\d+)", line)
        assert match, f"serve did not print its URL: {line!r}"
        self.url = f"http://127.0.0.1:{match.group(1)}"
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/ready", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("mosaic never became ready")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            assert self.process.wait(timeout=30) == 0

    def sql(self, query):
        """Runs a query (test-made literals only) through psql on the embedded database."""
        args = ["db", "psql", "--", "-X", "-q", "-t", "-A", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", query]
        out = run_mosaic(*args, data_dir=self.data_dir)
        return [line.split("\t") for line in out.splitlines() if line]


@pytest.fixture(scope="session")
def mosaic():
    data_dir = tempfile.mkdtemp(prefix="mosaic-sdk-")
    key_out = run_mosaic("keys", "create-source", "sdk-tests", data_dir=data_dir)
    server = Mosaic(data_dir)
    server.write_key = key_out.strip().splitlines()[-1]
    server.start()
    yield server
    server.stop()
