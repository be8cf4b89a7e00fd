"""`GET /healthz`: 200 while the store answers, 503 once it does not (for process supervisors)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from moto.server import ThreadedMotoServer

from ourchat.local.server import LocalChat, LocalOptions

WAIT_SECONDS = 20.0


def get_health(chat: LocalChat) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(f"{chat.http_url}/healthz", timeout=WAIT_SECONDS) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_running_chat_on_sqlite_is_healthy(local_chat: LocalChat) -> None:
    assert get_health(local_chat) == (200, {"status": "ok", "store": "reachable"})


def test_a_chat_whose_store_is_closed_is_unavailable(local_chat: LocalChat) -> None:
    local_chat.store.close()

    assert get_health(local_chat) == (503, {"status": "unavailable", "store": "unreachable"})


def test_a_chat_whose_dynamodb_goes_away_turns_unavailable(tmp_path: Path) -> None:
    # Its own DynamoDB-compatible server, to stop it under the running chat
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    chat = LocalChat(
        LocalOptions(
            data_dir=tmp_path,
            store="dynamodb",
            dynamodb_endpoint=f"http://{host}:{port}",
            table_prefix=f"health{uuid.uuid4().hex[:8]}-",
        )
    )
    chat.start()
    try:
        assert get_health(chat)[0] == 200
        moto.stop()
        assert get_health(chat) == (503, {"status": "unavailable", "store": "unreachable"})
    finally:
        chat.stop()
