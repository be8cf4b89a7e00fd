"""The web client as people keep it open all day, in a real Chromium against the complete local
server: a phone's one pane at a time with Back, the keyboard alone, drafts per thread, the
selection kept over a reload, history as you scroll up, unread counts in the title and
notifications, "Retry now", accessibility (axe-core, visible focus rings, announcements of new
messages alone) in both color schemes, the dark theme, and no framing by another origin.

The scene is set over the wire protocol (tests.support.browser.SocketUser): only what a test
is about goes through the page. Every wait is one of Playwright's auto-retrying expectations.
"""

from __future__ import annotations

import re
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from ourchat.local.server import LocalChat
from tests.support.browser import (
    PHONE,
    VIEWPORT,
    FlakyNetwork,
    SocketUser,
    axe_violations,
    focused_test_id,
    group_item,
    horizontal_overflow,
    isolated_contexts,
    message_row,
    sign_in,
    thread_item,
    unique,
)
from tests.support.screenshots import take_screenshots


@pytest.fixture
def phones(browser: Browser) -> Iterator[list[BrowserContext]]:
    """One profile with a phone's screen (375 by 667)."""
    with isolated_contexts(browser, 1, PHONE) as opened:
        yield opened


@dataclass
class Scene:
    """Alice (the owner) and Bob in a group with two threads, set up over the wire."""

    alice_id: str
    bob: SocketUser
    group: str
    group_id: str
    threads: dict[str, str]
    """Thread names to ids: "Plans" (older) and "Random" (newer)."""

    def say(self, thread: str, content: str) -> None:
        """Bob writes in a thread."""
        self.bob.ok(
            "sendMessage", groupId=self.group_id, threadId=self.threads[thread], content=content
        )


@pytest.fixture
def scene(local_chat: LocalChat) -> Iterator[Scene]:
    alice_id, bob_id, group = unique("alice"), unique("bob"), unique("Team")
    alice = SocketUser(local_chat.ws_url, local_chat.token_for(alice_id, "Alice"))
    bob = SocketUser(local_chat.ws_url, local_chat.token_for(bob_id, "Bob"))
    try:
        group_id = alice.ok("createGroup", groupName=group)["groupId"]
        alice.ok("addMember", groupId=group_id, userId=bob_id)
        bob.ok("acceptInvitation", groupId=group_id)
        threads = {
            name: alice.ok("createThread", groupId=group_id, threadName=name)["threadId"]
            for name in ("Plans", "Random")
        }
        yield Scene(alice_id, bob, group, group_id, threads)
    finally:
        alice.close()
        bob.close()


def open_page(context: BrowserContext, local_chat: LocalChat, user_id: str) -> Page:
    return sign_in(context, local_chat.http_url, user_id, "Alice")


def expect_pane(page: Page, pane: str) -> None:
    """On a phone: only this pane ("groups", "threads", "messages") is shown."""
    expect(page.locator("#chat-view")).to_have_attribute("data-pane", pane)
    columns = {"groups": ".groups-column", "threads": ".threads-column"}
    columns["messages"] = ".messages-column"
    for name, selector in columns.items():
        column = page.locator(selector)
        if name == pane:
            expect(column).to_be_visible()
        else:
            expect(column).to_be_hidden()


def test_a_phone_shows_one_pane_at_a_time_and_back_goes_up(
    local_chat: LocalChat, phones: list[BrowserContext], scene: Scene
) -> None:
    # Given a thread with enough messages to scroll
    for number in range(1, 13):
        scene.say("Plans", f"line {number}\nwith a second line")
    page = open_page(phones[0], local_chat, scene.alice_id)

    # Then the groups fill the screen, with nothing to scroll sideways
    expect_pane(page, "groups")
    assert horizontal_overflow(page) == 0

    # When she opens the group and the thread
    group_item(page, scene.group).click()
    expect_pane(page, "threads")
    assert horizontal_overflow(page) == 0
    thread_item(page, "Plans").click()

    # Then the messages fill the screen: the latest one and the composer in view, and the
    # focus in the composer
    expect_pane(page, "messages")
    latest = message_row(page, "line 12\nwith a second line")
    expect(latest).to_be_in_viewport()
    expect(page.get_by_test_id("composer-input")).to_be_in_viewport()
    expect(page.get_by_test_id("composer-input")).to_be_focused()
    assert horizontal_overflow(page) == 0

    # When she goes Back with the browser, then with the pane's own button
    page.go_back()
    expect_pane(page, "threads")
    expect(thread_item(page, "Plans")).to_be_focused()
    thread_item(page, "Plans").click()
    expect_pane(page, "messages")
    page.get_by_test_id("back-to-threads").click()
    expect_pane(page, "threads")
    page.go_back()
    expect_pane(page, "groups")
    expect(group_item(page, scene.group)).to_be_focused()

    # And the members open as a drawer from the threads, and close with Escape
    group_item(page, scene.group).click()
    page.get_by_test_id("members-toggle").click()
    expect(page.get_by_test_id("member-name")).to_have_text(["Alice", "Bob"])
    assert horizontal_overflow(page) == 0
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("members-pane")).to_be_hidden()
    expect(page.get_by_test_id("members-toggle")).to_be_focused()

    # When the page is reloaded, the thread she had open opens again, and Back still goes up
    thread_item(page, "Plans").click()
    page.reload()
    expect_pane(page, "messages")
    expect(page.get_by_test_id("thread-title-name")).to_have_text("Plans")
    expect(latest).to_be_in_viewport()
    page.go_back()
    expect_pane(page, "threads")


def test_a_desktop_shows_all_four_columns_without_sideways_scrolling(
    local_chat: LocalChat, contexts: list[BrowserContext], scene: Scene
) -> None:
    scene.say("Plans", "hello")
    page = open_page(contexts[0], local_chat, scene.alice_id)
    group_item(page, scene.group).click()
    thread_item(page, "Plans").click()

    for column in ("groups", "threads", "messages"):
        expect(page.locator(f".{column}-column")).to_be_visible()
    expect(page.get_by_test_id("members-pane")).to_be_in_viewport()
    expect(page.get_by_test_id("members-toggle")).to_be_hidden()
    expect(message_row(page, "hello")).to_be_in_viewport()
    expect(page.get_by_test_id("composer-input")).to_be_in_viewport()
    expect(page.get_by_test_id("send-button")).to_be_in_viewport()
    assert horizontal_overflow(page) == 0


def tab_to(page: Page, test_id: str, most: int, backwards: bool = False) -> int:
    """Press Tab (or Shift+Tab) until the element with this test id has the focus; returns
    how many presses it took, failing after `most`."""
    for presses in range(1, most + 1):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if focused_test_id(page) == test_id:
            return presses
    pytest.fail(f"{test_id} not reached in {most} presses; focus on {focused_test_id(page)}")


def test_the_keyboard_alone_signs_in_opens_a_thread_sends_and_reacts(
    local_chat: LocalChat, contexts: list[BrowserContext], scene: Scene
) -> None:
    # Given bob's message in Plans, and alice at the sign-in form
    scene.say("Plans", "anyone up for lunch?")
    page = contexts[0].new_page()
    page.goto(local_chat.http_url)
    expect(page.get_by_test_id("signin-user-id")).to_be_focused()

    # When she signs in with the keyboard, the focus goes to her group
    page.keyboard.type(scene.alice_id)
    page.keyboard.press("Tab")
    page.keyboard.type("Alice")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("connection-status")).to_have_text("Online")
    expect(group_item(page, scene.group)).to_be_focused()

    # When she opens it with Enter, the focus stays on it while the lists redraw
    page.keyboard.press("Enter")
    expect(thread_item(page, "Plans")).to_be_visible()
    expect(group_item(page, scene.group)).to_be_focused()

    # And a few Tabs reach the threads, where a new message moving a thread up keeps the
    # focus where it is
    tab_to(page, "thread-item", 6)
    expect(thread_item(page, "Plans")).to_be_focused()
    scene.say("Random", "over here")
    expect(page.get_by_test_id("thread-name")).to_have_text(["Random", "Plans"])
    expect(thread_item(page, "Random").get_by_test_id("unread-badge")).to_have_text("1")
    expect(thread_item(page, "Plans")).to_be_focused()

    # When she opens the thread with Enter, the focus goes to the composer; Enter sends
    page.keyboard.press("Enter")
    composer = page.get_by_test_id("composer-input")
    expect(composer).to_be_focused()
    page.keyboard.type("I am in")
    page.keyboard.press("Enter")
    mine = message_row(page, "I am in")
    expect(mine).to_have_count(1)
    expect(composer).to_be_focused()

    # And one Shift+Tab reaches her message's toolbar: she reacts with the picker
    page.keyboard.press("Shift+Tab")
    expect(mine.get_by_role("button", name="React to message")).to_be_focused()
    page.keyboard.press("Enter")
    expect(mine.get_by_test_id("emoji-option").first).to_be_focused()
    page.keyboard.press("Enter")
    chip = mine.get_by_test_id("reaction-chip")
    expect(chip).to_have_attribute("aria-pressed", "true")
    expect(mine.get_by_role("button", name="React to message")).to_be_focused()

    # And after a reload (the thread opens again), the skip link is the first stop of the
    # page, and leads to the composer
    page.reload()
    expect(page.get_by_test_id("thread-title-name")).to_have_text("Plans")
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("skip-to-composer")).to_be_focused()
    page.keyboard.press("Enter")
    expect(composer).to_be_focused()


def test_a_draft_stays_with_its_thread_and_new_messages_are_announced_alone(
    local_chat: LocalChat, contexts: list[BrowserContext], scene: Scene
) -> None:
    page = open_page(contexts[0], local_chat, scene.alice_id)
    group_item(page, scene.group).click()
    box = page.get_by_test_id("composer-input")

    # When she starts a message in Plans and goes to Random, Random's box is empty
    thread_item(page, "Plans").click()
    box.fill("half a thought")
    thread_item(page, "Random").click()
    expect(box).to_have_value("")
    box.fill("for random")

    # And back in Plans her draft is there; it survives a reload too
    thread_item(page, "Plans").click()
    expect(box).to_have_value("half a thought")
    page.reload()
    expect(page.get_by_test_id("thread-title-name")).to_have_text("Plans")
    expect(box).to_have_value("half a thought")

    # When she sends in Random, it goes to Random alone, and its draft is gone
    thread_item(page, "Random").click()
    expect(box).to_have_value("for random")
    box.press("Enter")
    expect(message_row(page, "for random")).to_have_count(1)
    thread_item(page, "Plans").click()
    expect(box).to_have_value("half a thought")
    expect(message_row(page, "for random")).to_have_count(0)

    # And bob's message in the open thread is announced (the list itself is not a live
    # region); text in a right-to-left script keeps its own direction
    expect(page.get_by_test_id("message-list")).not_to_have_attribute("aria-live", "polite")
    scene.say("Plans", "שלום, עולם!")
    expect(page.get_by_test_id("announcer")).to_have_text("Bob: שלום, עולם!")
    content = message_row(page, "שלום, עולם!").get_by_test_id("message-content")
    expect(content).to_have_attribute("dir", "auto")
    assert content.evaluate("node => getComputedStyle(node).direction") == "rtl"


def test_history_loads_as_you_scroll_up_with_days_and_sender_runs(
    local_chat: LocalChat, phones: list[BrowserContext], scene: Scene
) -> None:
    # Given 25 messages of bob's (the server's page is 10)
    texts = [f"message {number}" for number in range(1, 26)]
    for text in texts:
        scene.say("Plans", text)
    page = open_page(phones[0], local_chat, scene.alice_id)
    group_item(page, scene.group).click()
    thread_item(page, "Plans").click()
    contents = page.get_by_test_id("message-content")
    expect(contents).to_have_text(texts[-10:])

    # Then one day separator heads them, and bob's name shows once for his run
    expect(page.get_by_test_id("day-separator")).to_have_text(["Today"])
    expect(page.locator('[data-testid="message"]:not(.continued)')).to_have_count(1)

    # When she scrolls to the top, older pages come, the one she read stays in place
    scroller = page.get_by_test_id("message-scroller")
    for shown in (20, 25):
        scroller.evaluate("node => { node.scrollTop = 0; }")
        expect(contents).to_have_count(shown)
    expect(contents).to_have_text(texts)
    expect(page.get_by_test_id("load-older")).to_be_hidden()
    expect(page.get_by_test_id("day-separator")).to_have_count(1)


ANNOUNCEMENTS = """
document.addEventListener("DOMContentLoaded", () => {
  window.__announced = [];
  const announcer = document.getElementById("announcer");
  new MutationObserver((records) => {
    for (const record of records) {
      const texts = record.type === "characterData"
        ? [record.target.textContent]
        : [...record.addedNodes].map((node) => node.textContent);
      window.__announced.push(...texts.filter(Boolean));
    }
  }).observe(announcer, { childList: true, characterData: true, subtree: true });
});
"""
"""Records every text the polite announcer is given, however briefly it holds it."""


def test_only_a_new_message_from_someone_else_is_announced(
    local_chat: LocalChat, contexts: list[BrowserContext], scene: Scene
) -> None:
    # Given more of bob's messages in Plans than one page, and one in Random
    texts = [f"older {number}" for number in range(1, 16)]
    for text in texts:
        scene.say("Plans", text)
    scene.say("Random", "in random")
    contexts[0].add_init_script(ANNOUNCEMENTS)
    page = open_page(contexts[0], local_chat, scene.alice_id)
    announcer = page.get_by_test_id("announcer")
    contents = page.get_by_test_id("message-content")

    # When she opens the threads, loads the older history and sends a message of her own
    group_item(page, scene.group).click()
    thread_item(page, "Random").click()
    expect(contents).to_have_text(["in random"])
    expect(thread_item(page, "Random").get_by_test_id("unread-badge")).to_have_count(0)
    thread_item(page, "Plans").click()
    expect(contents).to_have_text(texts[-10:])
    page.get_by_test_id("message-scroller").evaluate("node => { node.scrollTop = 0; }")
    expect(contents).to_have_text(texts)
    box = page.get_by_test_id("composer-input")
    box.fill("my own words")
    box.press("Enter")
    expect(message_row(page, "my own words")).to_have_count(1)
    expect(announcer).to_have_text("")

    # And bob writes in the thread she does not look at, then in the one she does
    scene.say("Random", "not here")
    expect(thread_item(page, "Random").get_by_test_id("unread-badge")).to_have_text("1")
    scene.say("Plans", "news for you")

    # Then his message in the open thread is the one announcement of them all
    expect(announcer).to_have_text("Bob: news for you")
    assert page.evaluate("window.__announced") == ["Bob: news for you"]


FOCUS_RING = """
(node) => {
  const style = getComputedStyle(node);
  const width = parseFloat(style.outlineWidth) || 0;
  const transparent = /^rgba\\(.*, 0\\)$|^transparent$/.test(style.outlineColor);
  const outline = style.outlineStyle !== "none" && width > 0 && !transparent;
  const grow = outline ? width + (parseFloat(style.outlineOffset) || 0) : 0;
  const box = node.getBoundingClientRect();
  const ring = {
    left: box.left - grow, top: box.top - grow, right: box.right + grow, bottom: box.bottom + grow,
  };
  // Sides of the ring cut off by an ancestor that clips what overflows it
  const clipped = new Set();
  for (let at = node.parentElement; at; at = at.parentElement) {
    const clips = getComputedStyle(at);
    if (clips.overflowX === "visible" && clips.overflowY === "visible") continue;
    const outer = at.getBoundingClientRect();
    const left = outer.left + at.clientLeft;
    const top = outer.top + at.clientTop;
    if (ring.left < left - 0.5) clipped.add("left");
    if (ring.right > left + at.clientWidth + 0.5) clipped.add("right");
    if (ring.top < top - 0.5) clipped.add("top");
    if (ring.bottom > top + at.clientHeight + 0.5) clipped.add("bottom");
  }
  return {
    outline: outline ? `${style.outlineStyle} ${width}px ${style.outlineColor}` : null,
    shadow: style.boxShadow === "none" ? null : style.boxShadow,
    clipped: [...clipped].sort(),
  };
}
"""
"""A node's focus indicator as drawn: its outline (style, width, colour) or box shadow, and
which sides of the outline an ancestor that clips its overflow cuts off."""


def expect_focus_ring(page: Page, test_id: str) -> None:
    """The element with this test id has the keyboard's focus, and shows it: an outline or a
    shadow it has not without the focus, not cut off by a scrolling list."""
    focused = page.locator(":focus-visible")
    expect(focused).to_have_attribute("data-testid", test_id)
    node = focused.element_handle()
    ring = node.evaluate(FOCUS_RING)
    assert ring["outline"] or ring["shadow"], f"{test_id} shows no focus: {ring}"
    assert ring["clipped"] == [], f"{test_id}'s focus ring is cut off: {ring}"
    node.evaluate("node => node.blur()")
    expect(focused).to_have_count(0)
    unfocused = node.evaluate(FOCUS_RING)
    assert (unfocused["outline"], unfocused["shadow"]) != (ring["outline"], ring["shadow"])


def test_the_keyboard_focus_is_visible_on_rows_buttons_and_the_composer(
    local_chat: LocalChat, contexts: list[BrowserContext], scene: Scene
) -> None:
    scene.say("Plans", "hello")
    page = open_page(contexts[0], local_chat, scene.alice_id)
    group_item(page, scene.group).click()
    expect(thread_item(page, "Plans")).to_be_visible()

    # A thread in the list, reached with Tab
    tab_to(page, "thread-item", 8)
    expect_focus_ring(page, "thread-item")

    # The composer, where Enter on a thread puts the focus, and its Send button
    thread_item(page, "Plans").focus()
    page.keyboard.press("Enter")
    composer = page.get_by_test_id("composer-input")
    expect(composer).to_be_focused()
    page.keyboard.type("a draft")
    tab_to(page, "send-button", 3)
    expect_focus_ring(page, "send-button")
    composer.focus()
    tab_to(page, "send-button", 3)
    tab_to(page, "composer-input", 3, backwards=True)
    expect_focus_ring(page, "composer-input")

    # And every stop of the page, from the skip link on, shows its ring whole
    page.reload()
    expect(page.get_by_test_id("thread-title-name")).to_have_text("Plans")
    hidden: dict[str, dict[str, Any]] = {}
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.locator(":focus-visible")
        if focused.count() == 0:
            break  # past the last stop
        name = focused.evaluate(
            "node => node.dataset.testid || node.getAttribute('aria-label') || node.tagName"
        )
        ring = focused.evaluate(FOCUS_RING)
        if not (ring["outline"] or ring["shadow"]) or ring["clipped"]:
            hidden[name] = ring
    else:
        pytest.fail("the Tab stops never end")
    assert hidden == {}


THEME_COLOURS = """
(nodes) => nodes.map((node) => {
  const rgba = (text) => {
    const [r, g, b, a = 1] = text.match(/[\\d.]+/g).map(Number);
    return [r, g, b, a];
  };
  const over = ([r, g, b, a], below) => [r, g, b].map((c, i) => c * a + below[i] * (1 - a));
  const layers = [];
  for (let at = node; at; at = at.parentElement) {
    const background = rgba(getComputedStyle(at).backgroundColor);
    if (background[3] > 0) layers.push(background);
    if (background[3] >= 1) break;
  }
  let background = [255, 255, 255];
  for (const layer of layers.reverse()) background = over(layer, background);
  return {
    text: over(rgba(getComputedStyle(node).color), background),
    background,
  };
})
"""
"""For each node: its text colour and the colour behind it (its and its ancestors'
backgrounds, composed), as [r, g, b]."""


def luminance(rgb: list[float]) -> float:
    """WCAG's relative luminance of an sRGB colour."""
    linear = [c / 255 / 12.92 if c <= 10.31 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: list[float], second: list[float]) -> float:
    """WCAG's contrast ratio of two colours (1 to 21)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_dark_theme_follows_the_system_with_readable_text(
    local_chat: LocalChat, browser: Browser, scene: Scene
) -> None:
    scene.say("Plans", "hello in the dark")
    texts = ["current-user", "group-item", "thread-name", "message-content", "composer-input"]
    seen: dict[str, dict[str, dict[str, list[float]]]] = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme)
        try:
            page = open_page(context, local_chat, scene.alice_id)
            group_item(page, scene.group).click()
            thread_item(page, "Plans").click()
            expect(message_row(page, "hello in the dark")).to_be_visible()
            page.get_by_test_id("composer-input").fill("typed text")
            seen[scheme] = {"page": page.locator("body").evaluate_all(THEME_COLOURS)[0]}
            for test_id in texts:
                seen[scheme][test_id] = page.get_by_test_id(test_id).first.evaluate_all(
                    THEME_COLOURS
                )[0]
        finally:
            context.close()

    light, dark = seen["light"], seen["dark"]
    # Then the page is dark on dark's side, light on light's, with the text the other way
    assert light["page"] != dark["page"]
    assert luminance(light["page"]["background"]) > 0.7 > luminance(light["page"]["text"])
    assert luminance(dark["page"]["background"]) < 0.1 < luminance(dark["page"]["text"])
    # And every text keeps AA contrast against what is behind it, in both
    low = {
        f"{scheme}/{name}": round(contrast(colours["text"], colours["background"]), 2)
        for scheme, found in seen.items()
        for name, colours in found.items()
        if contrast(colours["text"], colours["background"]) < 4.5
    }
    assert low == {}
    for name in texts:
        assert light[name] != dark[name], name


INSIDE = "\N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK}"
"""Between a group's name and a thread's, where a notification says where a message is."""

NOTIFICATION_STUB = """
(() => {
  window.__notes = [];
  window.__asked = 0;
  window.__hidden = false;
  class FakeNotification extends EventTarget {
    static permission = "default";
    static async requestPermission() {
      window.__asked += 1;
      FakeNotification.permission = "granted";
      return "granted";
    }
    constructor(title, options) {
      super();
      this.title = title;
      this.body = options && options.body;
      window.__notes.push(this);
    }
    close() {}
  }
  window.Notification = FakeNotification;
  Object.defineProperty(document, "visibilityState", {
    get: () => (window.__hidden ? "hidden" : "visible"),
  });
  Object.defineProperty(document, "hidden", { get: () => window.__hidden });
  window.__setHidden = (hidden) => {
    window.__hidden = hidden;
    document.dispatchEvent(new Event("visibilitychange"));
  };
})();
"""


def notes(page: Page) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = page.evaluate(
        "window.__notes.map(n => ({title: n.title, body: n.body}))"
    )
    return result


def test_unread_messages_count_in_the_title_and_notify_while_hidden(
    local_chat: LocalChat, contexts: list[BrowserContext], scene: Scene
) -> None:
    # Given alice in Plans, with a stand-in for the browser's notifications
    contexts[0].add_init_script(NOTIFICATION_STUB)
    page = open_page(contexts[0], local_chat, scene.alice_id)
    group_item(page, scene.group).click()
    thread_item(page, "Plans").click()
    expect(page).to_have_title("ourchat")

    # Then nothing was asked on load; "Notify me" asks once, on her click
    assert page.evaluate("window.__asked") == 0
    page.get_by_test_id("notify-me").click()
    expect(page.get_by_test_id("notify-me")).to_be_hidden()
    assert page.evaluate("window.__asked") == 1

    # When bob writes in the other thread while she looks, it counts, without a notification
    scene.say("Random", "over here")
    expect(page).to_have_title("(1) ourchat")
    expect(thread_item(page, "Random").get_by_test_id("unread-badge")).to_have_text("1")
    expect(group_item(page, scene.group).get_by_test_id("unread-badge")).to_have_text("1")

    # When her tab is hidden, messages in any thread count and notify
    page.evaluate("window.__setHidden(true)")
    scene.say("Plans", "are you there?")
    scene.say("Random", "hello?")
    expect(page).to_have_title("(3) ourchat")
    page.wait_for_function("window.__notes.length === 2")
    assert notes(page) == [
        {"title": f"Bob in {scene.group} {INSIDE} Plans", "body": "are you there?"},
        {"title": f"Bob in {scene.group} {INSIDE} Random", "body": "hello?"},
    ]

    # When she comes back, the open thread is read; opening the other reads it too
    page.evaluate("window.__setHidden(false)")
    expect(page).to_have_title("(2) ourchat")
    thread_item(page, "Random").click()
    expect(page).to_have_title("ourchat")
    expect(page.get_by_test_id("unread-badge")).to_have_count(0)

    # When she clicks the notification of Plans, Plans opens
    page.evaluate("window.__notes[0].dispatchEvent(new Event('click'))")
    expect(page.get_by_test_id("thread-title-name")).to_have_text("Plans")
    expect(page.get_by_test_id("composer-input")).to_be_focused()

    # And her own messages never count or notify
    page.evaluate("window.__setHidden(true)")
    box = page.get_by_test_id("composer-input")
    box.fill("back now")
    box.press("Enter")
    expect(message_row(page, "back now")).to_have_count(1)
    expect(page).to_have_title("ourchat")
    assert len(notes(page)) == 2


def test_retry_now_reconnects_at_once(
    local_chat: LocalChat, contexts: list[BrowserContext], scene: Scene
) -> None:
    # Given alice online through a network that can refuse her sockets
    network = FlakyNetwork().attach(contexts[0])
    page = open_page(contexts[0], local_chat, scene.alice_id)
    status = page.get_by_test_id("connection-status")

    # When the connection drops and the server stays unreachable, the waits grow
    network.refusing = True
    network.drop_connection()
    retry = page.get_by_test_id("retry-now")
    expect(status).to_have_text(re.compile(r"^Reconnecting in ([3-9]|1[0-5]) s$"), timeout=15_000)
    expect(retry).to_be_visible()

    # Then once it is back, "Retry now" connects without waiting out the seconds left
    network.refusing = False
    retry.click()
    expect(status).to_have_text("Online", timeout=1_500)
    expect(retry).to_be_hidden()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violations_on_any_screen(
    local_chat: LocalChat, browser: Browser, scene: Scene, scheme: str
) -> None:
    scene.say("Plans", "a message with a reaction, to show every part")
    problems: dict[str, list[str]] = {}

    def check(page: Page, screen: str) -> None:
        found = axe_violations(page)
        if found:
            problems[f"{scheme}/{screen}"] = found

    viewport: ViewportSize
    for viewport in (VIEWPORT, PHONE):
        # add_script_tag injects axe inline, which the page's CSP (rightly) refuses: these
        # profiles alone bypass it.
        with isolated_contexts(browser, 1, viewport, bypass_csp=True) as (context,):
            page = context.new_page()
            page.emulate_media(color_scheme="dark" if scheme == "dark" else "light")
            size = "phone" if viewport == PHONE else "desktop"
            page.goto(local_chat.http_url)
            expect(page.get_by_test_id("signin-form")).to_be_visible()
            check(page, f"{size} sign-in")
            page.get_by_test_id("signin-user-id").fill(scene.alice_id)
            page.get_by_test_id("signin-submit").click()
            expect(page.get_by_test_id("connection-status")).to_have_text("Online")
            expect(group_item(page, scene.group)).to_be_visible()
            check(page, f"{size} groups")
            group_item(page, scene.group).click()
            expect(thread_item(page, "Plans")).to_be_visible()
            check(page, f"{size} threads")
            thread_item(page, "Plans").click()
            row = message_row(page, "a message with a reaction, to show every part")
            expect(row).to_be_visible()
            if viewport == VIEWPORT:  # the phone's page then shows the same reaction
                row.hover()
                row.get_by_role("button", name="React to message").click()
                row.get_by_test_id("emoji-option").first.click()
            expect(row.get_by_test_id("reaction-chip")).to_be_visible()
            check(page, f"{size} messages")
            if viewport == PHONE:
                page.get_by_test_id("back-to-threads").click()
                page.get_by_test_id("members-toggle").click()
                expect(page.get_by_test_id("member-name")).to_have_count(2)
                check(page, f"{size} members")

    assert problems == {}


class _Framer(BaseHTTPRequestHandler):
    """Serves one page that frames the client (the client's URL is the server's `target`)."""

    def do_GET(self) -> None:
        target = self.server.target  # type: ignore[attr-defined]
        body = f'<!doctype html><title>framer</title><iframe src="{target}"></iframe>'.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: Any) -> None:
        """Quiet."""


@pytest.fixture
def framer(local_chat: LocalChat) -> Iterator[str]:
    """A page on another port of 127.0.0.1 (another origin) that frames the client."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Framer)
    server.target = f"{local_chat.http_url}/"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_of_another_origin_cannot_frame_the_client(
    local_chat: LocalChat, contexts: list[BrowserContext], framer: str
) -> None:
    page = contexts[0].new_page()

    with page.expect_console_message(lambda message: "frame-ancestors" in message.text):
        page.goto(framer)

    # The frame holds Chromium's error page: no sign-in form to lure anyone into
    expect(page.frame_locator("iframe").get_by_test_id("signin-form")).to_have_count(0)
    [frame] = [frame for frame in page.frames if frame != page.main_frame]
    assert not frame.url.startswith(local_chat.http_url)


def test_the_readme_screenshots_are_small_pngs_of_both_layouts(
    local_chat: LocalChat, browser: Browser, tmp_path: Path
) -> None:
    shots = take_screenshots(local_chat, browser, tmp_path)

    sizes = []
    for shot in shots:
        header = shot.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        sizes.append(struct.unpack(">II", header[16:24]))
        assert shot.stat().st_size < 150_000
    assert sizes == [(1280, 800), (375, 667)]
