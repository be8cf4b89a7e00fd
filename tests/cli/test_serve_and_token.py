"""`ourchat serve` and `ourchat token` as a user runs them, in a real subprocess."""

from __future__ import annotations

import os
import stat
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchmarks.ourchat_serve import OURCHAT, serve_process
from benchmarks.server_process import START_SECONDS
from tests.support.ws_client import chat_client

pytestmark = pytest.mark.anyio


@contextmanager
def running_server(data_dir: Path) -> Iterator[str]:
    """Run `ourchat serve --port 0`; yield its WebSocket URL; stop it with Ctrl-C (SIGINT)."""
    with serve_process(data_dir, data_dir / "serve.log") as server:
        yield server.url
        assert server.stop() == 0


def token(data_dir: Path, user_id: str) -> str:
    result = subprocess.run(
        [*OURCHAT, "token", user_id, "--name", "Ann", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        check=True,
        timeout=START_SECONDS,
    )
    return result.stdout.strip()


async def test_messages_survive_a_restart_on_the_same_data_dir(tmp_path: Path) -> None:
    user = f"u-{uuid.uuid4().hex[:8]}"
    # Given a server, a token from `ourchat token` on the same data dir, and a message sent
    with running_server(tmp_path) as ws_url:
        async with chat_client(ws_url, token(tmp_path, user)) as client:
            group_id = (await client.ok("createGroup", groupName="G"))["groupId"]
            thread = await client.ok("createThread", groupId=group_id, threadName="t")
            sent = await client.ok(
                "sendMessage", groupId=group_id, threadId=thread["threadId"], content="kept"
            )
    # When the server is stopped with Ctrl-C and started again on the same data dir
    with running_server(tmp_path) as ws_url:
        async with chat_client(ws_url, token(tmp_path, user)) as client:
            history = await client.ok("getLastMessages", threadId=thread["threadId"])
    # Then the message is still there
    assert history["messages"] == [sent]


def test_the_signing_secret_is_private(tmp_path: Path) -> None:
    token(tmp_path, "someone")
    mode = stat.S_IMODE(os.stat(tmp_path / "jwt-secret").st_mode)
    assert mode == 0o600


def test_serve_keeps_its_data_directory_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with serve_process(data_dir, tmp_path / "serve.log") as server:
        assert server.stop() == 0
        files = {path.name: stat.S_IMODE(path.stat().st_mode) for path in data_dir.iterdir()}
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert {"jwt-secret", "ourchat.sqlite3"} <= set(files)
    assert files == dict.fromkeys(files, 0o600)


def test_token_refuses_a_malformed_user_id(tmp_path: Path) -> None:
    result = subprocess.run(
        [*OURCHAT, "token", "no spaces please", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=START_SECONDS,
        check=False,
    )
    assert result.returncode == 2
    assert "userId" in result.stderr
