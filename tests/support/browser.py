"""The web client in a real Chromium: Debian's browser, isolated profiles, and the steps a user
takes (sign in, create, invite, accept, send) as Playwright calls.

Every wait is one of Playwright's auto-retrying expectations; nothing sleeps. The browser test
modules (tests/e2e/test_web_client*.py) build their fixtures on `chromium` and
`isolated_contexts`.
"""

from __future__ import annotations

import itertools
import json
import os
import pathlib
import re
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    ViewportSize,
    WebError,
    WebSocketRoute,
    expect,
    sync_playwright,
)
from websockets.sync.client import ClientConnection, connect

CHROMIUM = pathlib.Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 375, "height": 667}
AXE_SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"
"""axe-core from npm (package.json): injected into the page from disk, never fetched."""

expect.set_options(timeout=10_000)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless; Playwright never downloads a browser here."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)  # .ci/run installs it: missing there is a broken CI
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@contextmanager
def isolated_contexts(
    browser: Browser, count: int = 2, viewport: ViewportSize = VIEWPORT, bypass_csp: bool = False
) -> Iterator[list[BrowserContext]]:
    """Browser profiles with separate storage; no page may throw an uncaught error.

    `bypass_csp` lets the tests inject scripts of their own (axe-core) into the page.
    """
    opened = [browser.new_context(viewport=viewport, bypass_csp=bypass_csp) for _ in range(count)]
    errors: list[str] = []

    def record(error: WebError) -> None:
        errors.append(str(error.error))

    for context in opened:
        context.on("weberror", record)
    yield opened
    for context in opened:
        context.close()
    assert errors == []


@dataclass
class FlakyNetwork:
    """Sits on a page's WebSockets: records the frames, can lose some to the page, drop the
    connection, and refuse new ones (the server unreachable) while `refusing` is set."""

    sockets: list[WebSocketRoute] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    received: list[str] = field(default_factory=list)
    lose_frames_containing: str | None = None
    refusing: bool = False

    def attach(self, context: BrowserContext) -> FlakyNetwork:
        """Route every WebSocket of the context's pages through this network."""
        context.route_web_socket(re.compile(r"^wss?://"), self.route)
        return self

    def route(self, page_side: WebSocketRoute) -> None:
        """Connect the page to the real server, passing frames both ways unless lost."""
        if self.refusing:
            page_side.close(code=1011, reason="refused")
            return
        server_side = page_side.connect_to_server()

        def forward(frame: str | bytes) -> None:
            self.sent.append(json.loads(frame))
            server_side.send(frame)

        page_side.on_message(forward)
        server_side.on_message(lambda frame: self.deliver(page_side, frame))
        self.sockets.append(page_side)

    def sends_of(self, content: str) -> list[dict[str, Any]]:
        """The sendMessage frames the page sent with this content."""
        return [f for f in self.sent if f["action"] == "sendMessage" and f["content"] == content]

    def deliver(self, page_side: WebSocketRoute, frame: str | bytes) -> None:
        """Pass a server frame on to the page, or lose it."""
        text = frame if isinstance(frame, str) else frame.decode()
        self.received.append(text)
        lost = self.lose_frames_containing
        if lost is None or lost not in text:
            page_side.send(frame)

    def drop_connection(self) -> None:
        """Close the newest socket abruptly, as a network failure would."""
        self.sockets[-1].close(code=1001, reason="network failure")


def unique(prefix: str) -> str:
    """A fresh user id or name, so tests never see each other's data."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def sign_in(context: BrowserContext, base_url: str, user_id: str, user_name: str) -> Page:
    """Open the client in this profile and sign in; returns once the socket is online."""
    page = context.new_page()
    page.goto(base_url)
    page.get_by_test_id("signin-user-id").fill(user_id)
    page.get_by_test_id("signin-user-name").fill(user_name)
    page.get_by_test_id("signin-submit").click()
    expect(page.get_by_test_id("connection-status")).to_have_text("Online")
    expect(page.get_by_test_id("current-user")).to_have_text(user_name)
    return page


def create_group(page: Page, name: str, emoticon: str = "") -> None:
    """Create a group; the client selects it, and shows its creator as its owner."""
    page.get_by_test_id("new-group-name").fill(name)
    page.get_by_test_id("new-group-emoticon").fill(emoticon)
    page.get_by_test_id("create-group").click()
    expect(group_item(page, name)).to_have_attribute("aria-current", "true")
    expect(page.get_by_test_id("member-role")).to_have_text(["Owner"])


def create_thread(page: Page, name: str, color: str | None = None) -> None:
    """Create a thread in the selected group; the client selects it."""
    page.get_by_test_id("new-thread-name").fill(name)
    if color is not None:
        page.get_by_test_id("new-thread-color").fill(color)
    page.get_by_test_id("create-thread").click()
    expect(thread_item(page, name)).to_have_attribute("aria-current", "true")
    expect(page.get_by_test_id("thread-title-name")).to_have_text(name)


def group_item(page: Page, name: str) -> Locator:
    """The button of the group with this name in the groups column."""
    return page.get_by_test_id("group-item").filter(has_text=name)


def thread_item(page: Page, name: str) -> Locator:
    """The button of the thread with this name in the threads column."""
    return page.get_by_test_id("thread-item").filter(has_text=name)


def member_item(page: Page, name: str) -> Locator:
    """The row of the member with this name in the members column."""
    return page.get_by_test_id("member").filter(
        has=page.get_by_test_id("member-name").get_by_text(name, exact=True)
    )


def invitation_item(page: Page, group: str) -> Locator:
    """The invitation to the group with this name, above the groups."""
    return page.get_by_test_id("invitation").filter(has_text=group)


def open_thread(page: Page, group: str, thread: str) -> None:
    """Select a group and one of its threads."""
    group_item(page, group).click()
    thread_item(page, thread).click()
    expect(page.get_by_test_id("thread-title-name")).to_have_text(thread)


def search_people(page: Page, query: str) -> Locator:
    """Type into "Add member"; returns the results list's options (found once they show)."""
    page.get_by_test_id("add-member-search").fill(query)
    return page.get_by_test_id("add-member-result")


def invite(page: Page, user_id: str) -> None:
    """Invite a user to the selected group, found by their user id, with a click."""
    search_people(page, user_id).filter(has_text=f"@{user_id}").click()
    expect(page.get_by_test_id("add-member-status")).to_contain_text("Invitation sent")


def accept(page: Page, group: str) -> None:
    """Accept the invitation to a group; the client adds the group and selects it."""
    invitation_item(page, group).get_by_test_id("accept-invitation").click()
    expect(invitation_item(page, group)).to_have_count(0)
    expect(group_item(page, group)).to_have_attribute("aria-current", "true")


def join(owner: Page, member: Page, member_id: str, group: str) -> None:
    """The owner's selected group gets a new member: invited by the owner, who accepts."""
    invite(owner, member_id)
    accept(member, group)
    expect(member_item(owner, member.get_by_test_id("current-user").inner_text())).to_be_visible()


def roles(page: Page) -> list[str]:
    """The member list as "name: role" lines, in the order shown."""
    rows = page.get_by_test_id("member")
    return [
        f"{row.get_by_test_id('member-name').inner_text()}: "
        f"{row.get_by_test_id('member-role').inner_text()}"
        for row in rows.all()
    ]


def expect_roles(page: Page, expected: list[str]) -> None:
    """Wait until the member list shows these names, with these roles, in this order."""
    names = [line.split(": ")[0] for line in expected]
    expect(page.get_by_test_id("member-name")).to_have_text(names)
    expect(page.get_by_test_id("member-role")).to_have_text(
        [line.split(": ")[1] for line in expected]
    )
    assert roles(page) == expected


def round_trip(page: Page) -> None:
    """Make the page ask the server something and show the answer: every frame the server
    pushed to it before has been handled by then."""
    name = unique("Sync")
    create_group(page, name)


def send(page: Page, text: str) -> None:
    """Type a message and press Enter; returns once the server acknowledged it."""
    box = page.get_by_test_id("composer-input")
    box.fill(text)
    box.press("Enter")
    expect(box).to_have_value("")
    expect(unconfirmed(page)).to_have_count(0)
    assert last_content(page).text_content() == text


def unconfirmed(page: Page) -> Locator:
    """Messages shown but not acknowledged by the server yet (sending or failed)."""
    return page.locator('[data-testid="message"]:not([data-state="sent"])')


def last_content(page: Page) -> Locator:
    """The content of the newest message on screen."""
    return page.get_by_test_id("message-content").last


def expect_last_message(page: Page, text: str) -> None:
    """Wait until the newest message is exactly `text`, newlines and spaces included."""
    expect(last_content(page)).to_have_text(text)
    assert last_content(page).text_content() == text


def message_row(page: Page, text: str) -> Locator:
    """The row of the stored message whose content is exactly `text` (not a reply's quote)."""
    return page.locator('[data-testid="message"][data-state="sent"]').filter(
        has=page.get_by_test_id("message-content").get_by_text(text, exact=True)
    )


def message_id_of(page: Page, text: str) -> str:
    """The messageId of the one stored message whose content is exactly `text`."""
    row = message_row(page, text)
    expect(row).to_have_count(1)
    return row.get_attribute("data-message-id") or ""


def message_by_id(page: Page, message_id: str) -> Locator:
    """The row of a stored message, whatever its content now (edited, deleted)."""
    return page.locator(f'[data-testid="message"][data-message-id="{message_id}"]')


def message_actions(row: Locator) -> Locator:
    """A message's actions toolbar; hovering the message shows it, as a mouse user does."""
    row.hover()
    return row.get_by_role("toolbar", name="Message actions")


def message_action(row: Locator, name: str) -> Locator:
    """A button of a message's toolbar by its label: "React to message", "Reply", "Edit",
    "Delete"."""
    return message_actions(row).get_by_role("button", name=name, exact=True)


def reaction_chip(row: Locator, emoji: str) -> Locator:
    """The reaction chip of an emoji under a message."""
    return row.get_by_test_id("reaction-chip").filter(has_text=emoji)


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """Run axe-core on the page as it is and return its violations of these impacts, one line
    each: rule, impact, and the first nodes' selectors."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    results: dict[str, Any] = page.evaluate(
        "async () => await window.axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in results["violations"]
        if v["impact"] in impacts
    ]


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than its viewport (0: no sideways scrolling)."""
    width: int = page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )
    return width


def focused_test_id(page: Page) -> str | None:
    """The data-testid of the element with the focus, if it has one."""
    test_id: str | None = page.evaluate("document.activeElement?.dataset?.testid ?? null")
    return test_id


class SocketUser:
    """A user who acts over the wire protocol directly (no browser): to set the scene fast,
    or to be the other side of a conversation."""

    def __init__(self, ws_url: str, token: str) -> None:
        self._stack = ExitStack()
        self.socket: ClientConnection = self._stack.enter_context(
            # Unbounded: the events a test never reads must not stop the close handshake.
            connect(f"{ws_url}?token={quote(token)}", open_timeout=10, max_queue=None)
        )
        self._ids = itertools.count(1)
        self._events: list[dict[str, Any]] = []

    def ok(self, action: str, **fields: Any) -> dict[str, Any]:
        """Send an action and return its reply's data (events that come first are kept for
        `next_event`)."""
        request_id = f"s{next(self._ids)}"
        self.socket.send(json.dumps({"action": action, "requestId": request_id, **fields}))
        while True:
            frame = json.loads(self.socket.recv(timeout=10))
            if frame.get("requestId") == request_id:
                assert frame["ok"] is True, frame
                data: dict[str, Any] = frame["data"]
                return data
            if "event" in frame:
                self._events.append(frame)

    def next_event(self, name: str, timeout: float = 10, **expected: Any) -> dict[str, Any]:
        """The data of the next pushed event with this name whose data has the `expected`
        items (the events before it are dropped)."""
        deadline = time.monotonic() + timeout
        while True:
            while self._events:
                frame = self._events.pop(0)
                data: dict[str, Any] = frame["data"]
                if frame["event"] == name and expected.items() <= data.items():
                    return data
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {name} event within {timeout} s")
            frame = json.loads(self.socket.recv(timeout=left))
            if "event" in frame:
                self._events.append(frame)

    def close(self) -> None:
        self._stack.close()
