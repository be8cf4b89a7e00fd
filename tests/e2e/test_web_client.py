"""The browser client (gateway/static) in a real Chromium against the complete local server.

Two browser contexts act as two users. Every wait is one of Playwright's auto-retrying
expectations; nothing sleeps.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

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

from ourchat.local.server import LocalChat

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
XSS_PAYLOADS = ["<script>window.__xss=1</script>", '<img src=x onerror="window.__xss=2">']

expect.set_options(timeout=10_000)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
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
        yield launched
        launched.close()


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    """Two isolated browser profiles (separate storage); no page may throw an uncaught error."""
    opened = [browser.new_context(viewport=VIEWPORT) for _ in range(2)]
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
    """Sits on a page's WebSockets: can lose frames to the page and drop the connection."""

    sockets: list[WebSocketRoute] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    lose_frames_containing: str | None = None

    def route(self, page_side: WebSocketRoute) -> None:
        """Connect the page to the real server, passing frames both ways unless lost."""
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
        lost = self.lose_frames_containing
        if lost is None or lost not in (frame if isinstance(frame, str) else frame.decode()):
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
    """Create a group; the client selects it."""
    page.get_by_test_id("new-group-name").fill(name)
    page.get_by_test_id("new-group-emoticon").fill(emoticon)
    page.get_by_test_id("create-group").click()
    expect(group_item(page, name)).to_have_attribute("aria-current", "true")


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


def open_thread(page: Page, group: str, thread: str) -> None:
    """Select a group and one of its threads."""
    group_item(page, group).click()
    thread_item(page, thread).click()
    expect(page.get_by_test_id("thread-title-name")).to_have_text(thread)


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


def test_two_users_chat_live(
    local_chat: LocalChat, contexts: list[BrowserContext], tmp_path: pathlib.Path
) -> None:
    # Given bob has signed in once (so the user exists), and alice has a group and a thread
    alice_context, bob_context = contexts
    alice_id, bob_id, group, thread = unique("alice"), unique("bob"), unique("Team"), "Plans"
    bob = sign_in(bob_context, local_chat.http_url, bob_id, "Bob")
    alice = sign_in(alice_context, local_chat.http_url, alice_id, "Alice")
    create_group(alice, group, "🎉")
    expect(group_item(alice, group)).to_contain_text("🎉")
    create_thread(alice, thread, "#ff8800")
    swatch = thread_item(alice, thread).get_by_test_id("color-swatch")
    expect(swatch).to_have_css("background-color", "rgb(255, 136, 0)")

    # When alice adds bob, then bob's group list updates without a reload
    alice.get_by_test_id("add-member-user-id").fill(bob_id)
    alice.get_by_test_id("add-member").click()
    expect(alice.get_by_test_id("member-event")).to_contain_text(f"{bob_id} joined")
    expect(group_item(bob, group)).to_be_visible()
    open_thread(bob, group, thread)

    # When alice sends (Shift+Enter makes a new line), bob sees it live, and the reverse
    box = alice.get_by_test_id("composer-input")
    box.type("Hello Bob,")
    box.press("Shift+Enter")
    box.type("  see you at 10?")
    box.press("Enter")
    expect_last_message(alice, "Hello Bob,\n  see you at 10?")
    expect(unconfirmed(alice)).to_have_count(0)
    expect_last_message(bob, "Hello Bob,\n  see you at 10?")
    expect(bob.get_by_test_id("message-sender").last).to_have_text(alice_id)
    send(bob, "Hi Alice! Yes.")
    expect_last_message(alice, "Hi Alice! Yes.")
    expect(alice.get_by_test_id("message")).to_have_count(2)

    # When alice starts a second thread, it shows up for bob live, on top
    create_thread(alice, "Random")
    expect(bob.get_by_test_id("thread-name")).to_have_text(["Random", thread])

    # When bob writes in the first thread while alice reads the other one, the first thread
    # moves back to the top of alice's list with an unread badge
    send(bob, "One more thing")
    expect(alice.get_by_test_id("thread-name")).to_have_text([thread, "Random"])
    expect(thread_item(alice, thread).get_by_test_id("unread-badge")).to_have_text("1")
    thread_item(alice, thread).click()
    expect_last_message(alice, "One more thing")
    expect(thread_item(alice, thread).get_by_test_id("unread-badge")).to_have_count(0)
    alice.screenshot(path=str(tmp_path / "ourchat-web.png"))


def test_load_older_pages_back(local_chat: LocalChat, contexts: list[BrowserContext]) -> None:
    # Given a thread with 13 messages (the server's page size is 10)
    alice_id, group = unique("alice"), unique("History")
    alice = sign_in(contexts[0], local_chat.http_url, alice_id, "Alice")
    create_group(alice, group)
    create_thread(alice, "Log")
    texts = [f"message {number}" for number in range(1, 14)]
    for text in texts:
        send(alice, text)

    # When the page is reloaded (the last user is signed in again) and the thread opened
    alice.reload()
    expect(alice.get_by_test_id("connection-status")).to_have_text("Online")
    open_thread(alice, group, "Log")

    # Then the 10 newest show, oldest at the top, and "load older" brings the rest
    contents = alice.get_by_test_id("message-content")
    expect(contents).to_have_text(texts[-10:])
    alice.get_by_test_id("load-older").click()
    expect(contents).to_have_text(texts)
    expect(alice.get_by_test_id("load-older")).to_be_hidden()

    # When she signs out, the next visit offers her user id again
    alice.get_by_test_id("sign-out").click()
    expect(alice.get_by_test_id("connection-status")).to_have_text("Signed out")
    alice.reload()
    expect(alice.get_by_test_id("signin-user-id")).to_have_value(alice_id)
    expect(alice.get_by_test_id("signin-form")).to_be_visible()


def test_markup_in_messages_is_shown_as_text(
    local_chat: LocalChat, contexts: list[BrowserContext]
) -> None:
    # Given alice and bob in one thread
    alice_id, bob_id, group = unique("alice"), unique("bob"), unique("Lab")
    bob = sign_in(contexts[1], local_chat.http_url, bob_id, "Bob")
    alice = sign_in(contexts[0], local_chat.http_url, alice_id, "Alice")
    create_group(alice, group)
    create_thread(alice, "<b>bold</b>")
    alice.get_by_test_id("add-member-user-id").fill(bob_id)
    alice.get_by_test_id("add-member").click()
    open_thread(bob, group, "<b>bold</b>")

    # When alice sends markup
    for payload in XSS_PAYLOADS:
        send(alice, payload)

    # Then both pages show it literally, and none of it ran
    for page in (alice, bob):
        expect(page.get_by_test_id("message-content")).to_have_text(XSS_PAYLOADS)
        expect(page.get_by_test_id("message-list").locator("img, script, b")).to_have_count(0)
        expect(page.get_by_test_id("thread-title-name")).to_have_text("<b>bold</b>")
        assert page.evaluate("typeof window.__xss") == "undefined"


def test_refusals_are_shown_readably(local_chat: LocalChat, contexts: list[BrowserContext]) -> None:
    # Given alice in a group of her own
    alice = sign_in(contexts[0], local_chat.http_url, unique("alice"), "Alice")
    create_group(alice, unique("Solo"))
    nobody = unique("nobody")

    # When she adds a user who never signed in, or names a group with a non-emoji emoticon
    alice.get_by_test_id("add-member-user-id").fill(nobody)
    alice.get_by_test_id("add-member").click()
    alice.get_by_test_id("new-group-name").fill("Bad emoticon")
    alice.get_by_test_id("new-group-emoticon").fill("ab")
    alice.get_by_test_id("create-group").click()

    # Then the server's messages are shown, and the page keeps working
    toasts = alice.get_by_test_id("toast")
    expect(toasts.filter(has_text=f"there is no user '{nobody}'")).to_be_visible()
    expect(toasts.filter(has_text="emoticon must be")).to_be_visible()
    expect(group_item(alice, "Bad emoticon")).to_have_count(0)
    expect(alice.get_by_test_id("connection-status")).to_have_text("Online")

    # And a message over the 4,000-character limit is flagged before it is sent
    create_thread(alice, "Long")
    alice.get_by_test_id("composer-input").fill("x" * 4_001)
    expect(alice.get_by_test_id("composer-counter")).to_have_text("4001 / 4000")
    expect(alice.get_by_test_id("send-button")).to_be_disabled()
    alice.get_by_test_id("composer-input").press("Enter")
    expect(alice.get_by_test_id("toast").filter(has_text="the limit is 4000")).to_be_visible()
    expect(alice.get_by_test_id("message")).to_have_count(0)


def test_unacknowledged_send_is_resent_once_after_reconnect(
    local_chat: LocalChat, contexts: list[BrowserContext]
) -> None:
    # Given alice, whose WebSockets go through a network that can fail, and bob, in one thread
    alice_context, bob_context = contexts
    network = FlakyNetwork()
    alice_context.route_web_socket(re.compile(r"^wss?://"), network.route)
    alice_id, bob_id, group = unique("alice"), unique("bob"), unique("Flaky")
    bob = sign_in(bob_context, local_chat.http_url, bob_id, "Bob")
    alice = sign_in(alice_context, local_chat.http_url, alice_id, "Alice")
    create_group(alice, group)
    create_thread(alice, "Road")
    alice.get_by_test_id("add-member-user-id").fill(bob_id)
    alice.get_by_test_id("add-member").click()
    open_thread(bob, group, "Road")

    # When the server stores alice's message but its reply and event never reach her
    network.lose_frames_containing = "lost in transit"
    box = alice.get_by_test_id("composer-input")
    box.fill("lost in transit")
    box.press("Enter")
    expect_last_message(bob, "lost in transit")
    expect(alice.get_by_test_id("message-status")).to_have_text("sending…")

    # And then her connection drops and comes back
    network.lose_frames_containing = None
    network.drop_connection()
    expect(alice.get_by_test_id("connection-status")).to_have_text("Online")

    # Then it is sent again with the same clientMessageId, and nobody sees a duplicate
    expect(unconfirmed(alice)).to_have_count(0)
    assert len(network.sockets) == 2
    first, again = network.sends_of("lost in transit")
    assert first["clientMessageId"] == again["clientMessageId"]
    assert first["requestId"] != again["requestId"]
    send(bob, "got it")
    expect_last_message(alice, "got it")
    for page in (alice, bob):
        expect(page.get_by_test_id("message-content")).to_have_text(["lost in transit", "got it"])
