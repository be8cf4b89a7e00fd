"""Servers in child processes: ready once they log their URL, stopped, killed, measured."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from benchmarks.server_process import ServerFailed, ServerProcess
from benchmarks.sink_server import sink_server

URL = re.compile(r"^url (\S+)\n", re.MULTILINE)


def python(code: str, log: Path) -> ServerProcess:
    return ServerProcess("child", [sys.executable, "-c", code], log, URL)


def test_a_harness_server_serves_until_sigint_and_is_measured(tmp_path: Path) -> None:
    log = tmp_path / "sink.log"
    with sink_server(log) as sink:
        assert sink.url.startswith("http://127.0.0.1:")
        assert sink.cpu_seconds() > 0
        assert 0 < sink.rss_kib() <= sink.peak_rss_kib()
        assert sink.stop() == 0


def test_a_restart_reads_only_its_own_log_lines(tmp_path: Path) -> None:
    log = tmp_path / "shared.log"
    log.write_text("url http://old\n", encoding="utf-8")
    code = "import time; print('url http://new', flush=True); time.sleep(60)"
    server = python(code, log).start()
    try:
        assert server.url == "http://new"
    finally:
        server.kill()


def test_a_child_that_exits_before_its_url_fails_with_its_output(tmp_path: Path) -> None:
    server = python("import sys; sys.exit('no port for me')", tmp_path / "bad.log")
    with pytest.raises(ServerFailed, match="no port for me"):
        server.start()


def test_a_child_that_never_logs_its_url_is_closed(tmp_path: Path) -> None:
    server = python("import time; time.sleep(60)", tmp_path / "mute.log")
    with pytest.raises(ServerFailed, match="did not start"):
        server.start(timeout=0.5)
    assert server.stop() != 0  # already gone: it was stopped when the wait ran out
