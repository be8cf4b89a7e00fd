"""The browser client (gateway/static) in a real Chromium against the complete local server:
chatting, paging, markup, refusals and resends. Membership (invitations, roles, leaving) is in
test_web_client_members.py; the shared steps are in tests.support.browser.

Two browser contexts act as two users. Every wait is one of Playwright's auto-retrying
expectations; nothing sleeps.
"""

from __future__ import annotations

import pathlib
import re

from playwright.sync_api import BrowserContext, expect

from ourchat.local.server import LocalChat
from tests.support.browser import (
    FlakyNetwork,
    create_group,
    create_thread,
    expect_last_message,
    group_item,
    join,
    open_thread,
    send,
    sign_in,
    thread_item,
    unconfirmed,
    unique,
)

XSS_PAYLOADS = ["<script>window.__xss=1</script>", '<img src=x onerror="window.__xss=2">']


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

    # When alice invites bob and he accepts, his group list updates without a reload
    join(alice, bob, bob_id, group)
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
    expect(bob.get_by_test_id("message-sender").last).to_have_text("Alice")
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
    join(alice, bob, bob_id, group)
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
    solo = unique("Solo")
    create_group(alice, solo)

    # When she names a group, or renames hers, with a non-emoji emoticon
    alice.get_by_test_id("new-group-name").fill("Bad emoticon")
    alice.get_by_test_id("new-group-emoticon").fill("ab")
    alice.get_by_test_id("create-group").click()
    alice.get_by_test_id("rename-group").click()
    alice.get_by_test_id("rename-group-emoticon").fill("cd")
    alice.get_by_test_id("rename-group-save").click()

    # Then the server's messages are shown, and the page keeps working
    toasts = alice.get_by_test_id("toast")
    expect(toasts.filter(has_text="Could not create the group: emoticon must be")).to_be_visible()
    expect(toasts.filter(has_text="Could not rename the group: emoticon must be")).to_be_visible()
    expect(group_item(alice, "Bad emoticon")).to_have_count(0)
    expect(alice.get_by_test_id("rename-group-form")).to_be_visible()
    alice.get_by_test_id("rename-group-cancel").click()
    expect(alice.get_by_test_id("rename-group-form")).to_be_hidden()
    expect(alice.get_by_test_id("group-title-name")).to_have_text(solo)
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
    join(alice, bob, bob_id, group)
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
