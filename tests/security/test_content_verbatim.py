"""Content is stored and returned byte-for-byte: the server never sanitises or normalises it.

Markup, scripts and unicode edge cases come back exactly as sent, in the reply, in the
pushed event and in the history, on each store. Rendering them as text is the client's job
(tests/e2e/test_web_client.py::test_markup_in_messages_is_shown_as_text drives a browser).
"""

from __future__ import annotations

import json
import uuid

import pytest

from ourchat.local.server import LocalChat
from tests.support.hostile_values import EDGE_TEXTS
from tests.support.ws_client import chat_client

pytestmark = pytest.mark.anyio

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    '"><svg/onload=alert(1)>',
    "javascript:alert(1)",
    "&lt;b&gt; &amp; &#x3C; <!-- -->",
    "  leading and trailing spaces  ",
    "line one\r\nline two\n\ttabbed",
    "e\u0301 vs \u00e9 (not normalised)",
    "\ufb01 ligature, \u2126 ohm",
    "😀" * 4000,  # 4,000 characters, 16,000 bytes: the most UTF-8 the limits allow
    "x" * 4000,
    *[text for text in EDGE_TEXTS if text.strip()],
]


async def test_content_comes_back_exactly_as_sent(any_chat: LocalChat) -> None:
    user = f"u-{uuid.uuid4().hex[:8]}"
    async with chat_client(any_chat.ws_url, any_chat.token_for(user)) as a:
        group_id = (await a.ok("createGroup", groupName="G"))["groupId"]
        thread_id = (await a.ok("createThread", groupId=group_id, threadName="t"))["threadId"]
        await a.next_event("thread.created")
        sent = []
        for content in PAYLOADS:
            # ensure_ascii: what travels is escapes; what must come back is the same text
            await a.send_raw(
                json.dumps(
                    {
                        "action": "sendMessage",
                        "requestId": "v",
                        "groupId": group_id,
                        "threadId": thread_id,
                        "content": content,
                    }
                )
            )
            reply = await a.next_reply()
            assert reply["ok"] is True, (content[:40], reply)
            assert reply["data"]["content"] == content
            event = await a.next_event("message.created")
            assert event["content"].encode("utf-8") == content.encode("utf-8")
            sent.append(reply["data"]["messageId"])
        history = await a.ok("getLastMessages", threadId=thread_id, limit=100)

    stored = {m["messageId"]: m["content"] for m in history["messages"]}
    assert [stored[message_id] for message_id in sent] == PAYLOADS
