"""The screenshots of README's "Try it": the web client on a desktop (1280x800, light) and on a
phone (375x667, dark), on a local chat of its own with a small conversation: unread messages in
the other thread, Grace online and typing, Linus offline.

    .venv/bin/python -m tests.support.screenshots [OUT_DIR]     # docs/ by default

Debian's Chromium draws emoji only with an emoji font (`apt-get install
fonts-noto-color-emoji`); tests/e2e/test_web_client_everyday.py makes them too, into a
temporary folder, so the script keeps working.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from playwright.sync_api import Browser, ViewportSize, expect

from ourchat.gateway.config import GatewayConfig
from ourchat.local.server import STATIC_DIR, LocalChat, LocalOptions
from tests.support.browser import (
    PHONE,
    VIEWPORT,
    SocketUser,
    chromium,
    group_item,
    message_row,
    thread_item,
    unique,
)

DOCS = Path(__file__).resolve().parents[2] / "docs"
DESKTOP_PNG = "web-client-desktop.png"
PHONE_PNG = "web-client-phone.png"


@dataclass
class Scene:
    """What the screenshots show: Ada's view of a group where Grace stays online."""

    ada_id: str
    group: str
    grace: SocketUser
    """Grace's connection, open until the screenshots are taken (her online dot)."""
    release: str
    """The id of the thread "Release 1.0", where Grace is typing."""


def set_scene(chat: LocalChat) -> Scene:
    """Ada, Grace and Linus chatting in a group; Grace stays connected (the caller closes her
    socket)."""
    ada_id, grace_id, linus_id = unique("ada"), unique("grace"), unique("linus")
    users = {
        user_id: SocketUser(chat.ws_url, chat.token_for(user_id, name))
        for user_id, name in ((ada_id, "Ada"), (grace_id, "Grace"), (linus_id, "Linus"))
    }
    ada, grace, linus = users.values()
    try:
        group_id = ada.ok("createGroup", groupName="Launch crew", emoticon="🚀")["groupId"]
        for user_id in (grace_id, linus_id):
            ada.ok("addMember", groupId=group_id, userId=user_id)
            users[user_id].ok("acceptInvitation", groupId=group_id)
        ada.ok("createGroup", groupName="Book club", emoticon="📚")
        threads = {
            name: ada.ok("createThread", groupId=group_id, threadName=name, color=color)
            for name, color in (("Random", "#8e44ad"), ("Release 1.0", "#e67e22"))
        }
        release = threads["Release 1.0"]
        where = {"groupId": group_id, "threadId": release["threadId"]}
        linus.ok("sendMessage", groupId=group_id, threadId=threads["Random"]["threadId"],
                 content="Anyone for coffee?")  # fmt: skip
        grace.ok("sendMessage", **where, content="Morning! Is the build green?")
        grace.ok("sendMessage", **where, content="The changelog is ready for review.")
        sent = ada.ok("sendMessage", **where, content="Green since 9:40. Shipping at noon 🎉")
        for user in (grace, linus):
            user.ok("addReaction", threadId=where["threadId"], messageId=sent["messageId"],
                    emoji="🎉")  # fmt: skip
        linus.ok(
            "sendMessage",
            **where,
            content="שלום! המסמכים בעברית מוכנים.",
            replyToMessageId=sent["messageId"],
        )
        grace.ok("sendMessage", groupId=group_id, threadId=threads["Random"]["threadId"],
                 content="Always.")  # fmt: skip
    except BaseException:
        grace.close()
        raise
    finally:
        ada.close()
        linus.close()
    return Scene(ada_id, "Launch crew", grace, where["threadId"])


def take_screenshots(chat: LocalChat, browser: Browser, out_dir: Path) -> list[Path]:
    """Write the desktop and phone screenshots into `out_dir`; returns their paths."""
    scene = set_scene(chat)
    try:
        return _shoot(chat, browser, out_dir, scene)
    finally:
        scene.grace.close()


def _shoot(chat: LocalChat, browser: Browser, out_dir: Path, scene: Scene) -> list[Path]:
    shots = []
    layouts: list[tuple[ViewportSize, Literal["light", "dark"], str]] = [
        (VIEWPORT, "light", DESKTOP_PNG),
        (PHONE, "dark", PHONE_PNG),
    ]
    for viewport, scheme, name in layouts:
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        try:
            page = context.new_page()
            page.goto(chat.http_url)
            page.get_by_test_id("signin-user-id").fill(scene.ada_id)
            page.get_by_test_id("signin-user-name").fill("Ada")
            page.get_by_test_id("signin-submit").click()
            expect(page.get_by_test_id("connection-status")).to_have_text("Online")
            group_item(page, scene.group).click()
            thread_item(page, "Release 1.0").click()
            expect(message_row(page, "שלום! המסמכים בעברית מוכנים.")).to_be_in_viewport()
            # Read once seen (the open thread's count goes), unread in the other
            expect(thread_item(page, "Release 1.0").get_by_test_id("unread-badge")).to_have_count(0)
            expect(thread_item(page, "Random").get_by_test_id("unread-badge")).to_have_text("2")
            page.get_by_test_id("composer-input").fill("Tagging v1.0 now")
            page.evaluate("document.activeElement.blur()")
            if viewport == VIEWPORT:  # the server drops a repeat within 3 s: the desktop's
                grace = page.get_by_test_id("member").filter(has_text="Grace")
                dot = grace.get_by_test_id("member-presence")
                expect(dot).to_have_attribute("data-online", "true")
                scene.grace.ok("typing", threadId=scene.release)
                expect(page.get_by_test_id("typing-indicator")).to_have_text("Grace is typing…")
            path = out_dir / name
            page.screenshot(path=str(path))
            shots.append(path)
        finally:
            context.close()
    return shots


def main(argv: list[str]) -> None:
    out_dir = Path(argv[0]) if argv else DOCS
    with tempfile.TemporaryDirectory() as data:
        chat = LocalChat(
            LocalOptions(data_dir=Path(data), gateway=GatewayConfig(static_dir=STATIC_DIR))
        )
        chat.start()
        try:
            with chromium() as browser:
                for path in take_screenshots(chat, browser, out_dir):
                    print(f"{path} ({path.stat().st_size // 1024} KB)")
        finally:
            chat.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
