"""The web client misses nothing (#12), in a real Chromium against the complete local server:
it catches up with `sync` after the server is killed and started again (and loads a thread
afresh when too much was missed), its unread counts and "New messages" divider come from the
server (over reloads, and read on another page), it shows who is typing, and who is online.

The scene is set over the wire protocol (tests.support.browser.SocketUser); every wait is one
of Playwright's auto-retrying expectations, and the 5 s of a typing event pass on
Playwright's clock: nothing sleeps.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    BrowserContext,
    Locator,
    Page,
    expect,
)

from ourchat.local.server import LocalChat
from tests.support.browser import (
    FlakyNetwork,
    SocketUser,
    group_item,
    member_item,
    message_row,
    open_thread,
    reaction_chip,
    sign_in,
    thread_item,
    unique,
)
from tests.support.restartable_server import restartable_server


def unread_badge(page: Page, kind: str, name: str) -> Locator:
    """The unread badge of the group ("group") or thread ("thread") with this name."""
    item = group_item(page, name) if kind == "group" else thread_item(page, name)
    return item.get_by_test_id("unread-badge")


TokenFor = Callable[[str, str | None], str]
"""A server's token_for: a token for a user id (and name)."""


@dataclass
class Team:
    """Alice (the owner) and Bob in a group "Team" with the threads "Plans" and "Random"."""

    alice_id: str
    bob_id: str
    alice: SocketUser
    bob: SocketUser
    group_id: str
    threads: dict[str, str]

    def say(self, thread: str, content: str) -> dict[str, Any]:
        """Bob writes in a thread of Team; returns the message."""
        return self.bob.ok(
            "sendMessage", groupId=self.group_id, threadId=self.threads[thread], content=content
        )

    def close(self) -> None:
        self.alice.close()
        self.bob.close()


def make_team(ws_url: str, token_for: TokenFor, group: str = "Team") -> Team:
    """Set up a Team over the wire."""
    alice_id, bob_id = unique("alice"), unique("bob")
    alice = SocketUser(ws_url, token_for(alice_id, "Alice"))
    bob = SocketUser(ws_url, token_for(bob_id, "Bob"))
    group_id = alice.ok("createGroup", groupName=group)["groupId"]
    alice.ok("addMember", groupId=group_id, userId=bob_id)
    bob.ok("acceptInvitation", groupId=group_id)
    threads = {
        name: alice.ok("createThread", groupId=group_id, threadName=name)["threadId"]
        for name in ("Plans", "Random")
    }
    return Team(alice_id, bob_id, alice, bob, group_id, threads)


def group_of_bobs(team: Team, name: str, thread: str | None = None) -> tuple[str, str | None]:
    """A group of Bob's that Alice joins (and a thread in it); returns their ids."""
    group_id = str(team.bob.ok("createGroup", groupName=name)["groupId"])
    team.bob.ok("addMember", groupId=group_id, userId=team.alice_id)
    team.alice.ok("acceptInvitation", groupId=group_id)
    if thread is None:
        return group_id, None
    return group_id, str(
        team.bob.ok("createThread", groupId=group_id, threadName=thread)["threadId"]
    )


def test_after_the_server_is_killed_and_restarted_the_page_catches_up_without_a_reload(
    contexts: list[BrowserContext], tmp_path: Path
) -> None:
    with restartable_server(tmp_path) as server:
        # Given alice reading Plans in Team, with bob's three messages, and two more groups
        team = make_team(server.ws_url, server.token_for)
        side_id, lobby_id = group_of_bobs(team, "Side", "Lobby")
        gone_id, _ = group_of_bobs(team, "Gone")
        older = [team.say("Plans", f"before {n}") for n in (1, 2, 3)]
        team.close()
        page = sign_in(contexts[0], server.http_url, team.alice_id, "Alice")
        open_thread(page, "Team", "Plans")
        contents = page.get_by_test_id("message-content")
        expect(contents).to_have_text(["before 1", "before 2", "before 3"])
        expect(page).to_have_title("ourchat")  # read: on screen, tab visible

        # When the server is killed, and the chat goes on meanwhile on another server of the
        # same data: in her open thread, in another thread and group, to her older messages,
        # and she is removed from a group
        server.kill()
        status = page.get_by_test_id("connection-status")
        expect(status).to_have_text(re.compile(r"^Reconnecting"))
        with server.elsewhere() as elsewhere:
            bob = SocketUser(elsewhere, server.token_for(team.bob_id))
            plans, random = team.threads["Plans"], team.threads["Random"]
            for n in (1, 2, 3):
                bob.ok("sendMessage", groupId=team.group_id, threadId=plans, content=f"missed {n}")
            first, second, third = (str(m["messageId"]) for m in older)
            bob.ok("editMessage", threadId=plans, messageId=first, content="before 1, edited")
            bob.ok("addReaction", threadId=plans, messageId=second, emoji="👍")
            bob.ok("deleteMessage", threadId=plans, messageId=third)
            for n in (1, 2):
                bob.ok("sendMessage", groupId=team.group_id, threadId=random, content=f"r {n}")
            bob.ok("sendMessage", groupId=side_id, threadId=lobby_id, content="over here")
            bob.ok("removeMember", groupId=gone_id, userId=team.alice_id)
            bob.close()

        # And the server comes back on its port and data
        server.start()
        expect(status).to_have_text("Online", timeout=20_000)

        # Then, without a reload, her thread shows what she missed, in order and once, with
        # the edit, the reaction and the deletion in place
        before = ["before 1, edited", "before 2", "message deleted"]
        expect(contents).to_have_text([*before, "missed 1", "missed 2", "missed 3"])
        edited = message_row(page, "before 1, edited")
        expect(edited.get_by_test_id("message-edited")).to_have_text("edited")
        expect(reaction_chip(message_row(page, "before 2"), "👍")).to_contain_text("1")

        # And the other thread and group have their badges, and the title their sum
        expect(unread_badge(page, "thread", "Random")).to_have_text("2")
        expect(unread_badge(page, "thread", "Plans")).to_have_count(0)
        expect(unread_badge(page, "group", "Team")).to_have_text("2")
        expect(unread_badge(page, "group", "Side")).to_have_text("1")
        expect(page).to_have_title("(3) ourchat")

        # And the group she was removed from is gone, with a notice that says so
        expect(group_item(page, "Gone")).to_have_count(0)
        expect(page.get_by_test_id("notice-text")).to_have_text("You were removed from Gone")

        # And the chat goes on live, in order, once
        bob = SocketUser(server.ws_url, server.token_for(team.bob_id))
        bob.ok("sendMessage", groupId=team.group_id, threadId=plans, content="live again")
        expect(contents).to_have_count(7)
        expect(contents.last).to_have_text("live again")
        bob.close()


@pytest.fixture
def team(local_chat: LocalChat) -> Iterator[Team]:
    made = make_team(local_chat.ws_url, local_chat.token_for, unique("Team"))
    try:
        yield made
    finally:
        made.close()


def test_unread_counts_and_the_divider_come_from_the_server_and_reading_clears_them_elsewhere(
    local_chat: LocalChat, contexts: list[BrowserContext], team: Team
) -> None:
    # Given alice has read Plans up to bob's second message, and then bob wrote three more
    # there and two in Random
    team.say("Plans", "p1")
    read = team.say("Plans", "p2")
    team.alice.ok("markRead", threadId=team.threads["Plans"], messageId=read["messageId"])
    for text in ("p3", "p4", "p5"):
        team.say("Plans", text)
    team.say("Random", "r1")
    team.say("Random", "r2")
    group = str(team.alice.ok("listGroups")["groups"][0]["groupName"])

    # When she opens the client, the counts are the server's: the group's, then its threads'
    page = sign_in(contexts[0], local_chat.http_url, team.alice_id, "Alice")
    expect(page).to_have_title("(5) ourchat")
    expect(unread_badge(page, "group", group)).to_have_text("5")
    group_item(page, group).click()
    expect(unread_badge(page, "thread", "Plans")).to_have_text("3")
    expect(unread_badge(page, "thread", "Random")).to_have_text("2")

    # And after a reload, still (nothing was read: the group alone was open)
    page.reload()
    expect(unread_badge(page, "thread", "Plans")).to_have_text("3")
    expect(page).to_have_title("(5) ourchat")

    # When she opens Plans, "New messages" comes before the first she had not read; it is
    # marked read, and the divider stays while the thread is open
    thread_item(page, "Plans").click()
    first_unread = page.locator('[data-testid="unread-divider"] + [data-testid="message"]')
    expect(first_unread.get_by_test_id("message-content")).to_have_text("p3")
    expect(unread_badge(page, "thread", "Plans")).to_have_count(0)
    expect(page).to_have_title("(2) ourchat")
    expect(page.get_by_test_id("unread-divider")).to_have_count(1)

    # When she reads Random on another page, this one's badge goes too (read.updated)
    other = sign_in(contexts[1], local_chat.http_url, team.alice_id, "Alice")
    expect(other).to_have_title("(2) ourchat")
    open_thread(other, group, "Random")
    expect(other).to_have_title("ourchat")
    expect(unread_badge(page, "thread", "Random")).to_have_count(0)
    expect(page).to_have_title("ourchat")

    # And a reload finds it all read; a thread read has no divider
    page.reload()
    expect(page.get_by_test_id("thread-title-name")).to_have_text("Plans")
    expect(page.get_by_test_id("message-content").last).to_have_text("p5")
    expect(page.get_by_test_id("unread-badge")).to_have_count(0)
    expect(page.get_by_test_id("unread-divider")).to_have_count(0)
    expect(page).to_have_title("ourchat")

    # When bob writes 100 messages in Random, its badge says 99+, live and after a reload
    for number in range(100):
        team.say("Random", f"many {number}")
    expect(unread_badge(page, "thread", "Random")).to_have_text("99+")
    expect(unread_badge(page, "group", group)).to_have_text("99+")
    expect(unread_badge(page, "group", group)).to_have_attribute(
        "aria-label", "more than 99 unread"
    )
    expect(page).to_have_title("(100) ourchat")
    page.reload()
    expect(unread_badge(page, "thread", "Random")).to_have_text("99+")


def test_who_is_typing_shows_under_the_thread_for_five_seconds(
    local_chat: LocalChat, contexts: list[BrowserContext], team: Team
) -> None:
    # Given alice in Plans (the page's clock is Playwright's), and carol, a third member
    network = FlakyNetwork().attach(contexts[0])
    contexts[0].clock.install()
    carol_id = unique("carol")
    carol = SocketUser(local_chat.ws_url, local_chat.token_for(carol_id, "Carol"))
    team.alice.ok("addMember", groupId=team.group_id, userId=carol_id)
    carol.ok("acceptInvitation", groupId=team.group_id)
    group = str(team.alice.ok("listGroups")["groups"][0]["groupName"])
    page = sign_in(contexts[0], local_chat.http_url, team.alice_id, "Alice")
    open_thread(page, group, "Plans")
    expect(member_item(page, "Carol")).to_be_visible()  # her name is known
    line = page.get_by_test_id("typing-indicator")
    expect(line).to_have_text("")

    # When bob and then carol type in Plans, the line names them
    plans = team.threads["Plans"]
    team.bob.ok("typing", threadId=plans)
    expect(line).to_have_text("Bob is typing…")
    carol.ok("typing", threadId=plans)
    expect(line).to_have_text("Bob and Carol are typing…")

    # When bob's message arrives, he is no longer typing; 5 s after carol's event, nor is she
    team.say("Plans", "done typing")
    expect(line).to_have_text("Carol is typing…")
    page.clock.fast_forward(5_000)
    expect(line).to_have_text("")

    # And typing in another thread does not show in this one
    team.bob.ok("typing", threadId=team.threads["Random"])
    carol.ok("sendMessage", groupId=team.group_id, threadId=plans, content="a round trip")
    expect(page.get_by_test_id("message-content").last).to_have_text("a round trip")
    expect(line).to_have_text("")

    # When alice types a few words, bob hears it once: not on every key
    box = page.get_by_test_id("composer-input")
    box.press_sequentially("on my way")
    typing = team.bob.next_event("typing", userId=team.alice_id)
    assert typing == {"groupId": team.group_id, "threadId": plans, "userId": team.alice_id}
    box.press("Enter")
    expect(message_row(page, "on my way")).to_have_count(1)
    told = [frame for frame in network.sent if frame["action"] == "typing"]
    assert [frame["threadId"] for frame in told] == [plans]
    carol.close()


def test_online_dots_follow_members_as_they_come_and_go(
    local_chat: LocalChat, contexts: list[BrowserContext], team: Team
) -> None:
    # Given alice with Team open (bob's socket is connected), through a network that can drop
    network = FlakyNetwork().attach(contexts[0])
    group = str(team.alice.ok("listGroups")["groups"][0]["groupName"])
    page = sign_in(contexts[0], local_chat.http_url, team.alice_id, "Alice")
    group_item(page, group).click()
    bobs = member_item(page, "Bob").get_by_test_id("member-presence")
    expect(bobs).to_have_attribute("data-online", "true")
    expect(member_item(page, "Bob")).to_contain_text("online")
    expect(member_item(page, "Alice").get_by_test_id("member-presence")).to_have_attribute(
        "data-online", "true"
    )

    # When bob's last connection closes, his dot goes hollow; when he connects, it fills
    team.bob.close()
    expect(bobs).to_have_attribute("data-online", "false")
    expect(member_item(page, "Bob")).not_to_contain_text("online")
    team.bob = SocketUser(local_chat.ws_url, local_chat.token_for(team.bob_id))
    expect(bobs).to_have_attribute("data-online", "true")

    # And after her own connection drops and comes back, the group is watched again
    network.drop_connection()
    expect(page.get_by_test_id("connection-status")).to_have_text("Online")
    watches = [f for f in network.sent if f["action"] == "watchPresence"]
    expect(bobs).to_have_attribute("data-online", "true")
    team.bob.close()
    expect(bobs).to_have_attribute("data-online", "false")
    assert len(watches) >= 1
    assert all(f["groupId"] == team.group_id for f in watches)
    assert len([f for f in network.sent if f["action"] == "watchPresence"]) == 2


def test_a_thread_that_missed_too_much_loads_afresh_from_its_latest_page(
    local_chat: LocalChat, contexts: list[BrowserContext], team: Team
) -> None:
    # Given alice in Plans, through a network that can refuse her sockets
    network = FlakyNetwork().attach(contexts[0])
    group = str(team.alice.ok("listGroups")["groups"][0]["groupName"])
    team.say("Plans", "before")
    page = sign_in(contexts[0], local_chat.http_url, team.alice_id, "Alice")
    open_thread(page, group, "Plans")
    contents = page.get_by_test_id("message-content")
    expect(contents).to_have_text(["before"])

    # When she is offline while bob writes more than a catch-up adds (MAX_CAUGHT_UP, 100)
    network.refusing = True
    network.drop_connection()
    status = page.get_by_test_id("connection-status")
    expect(status).to_have_text(re.compile(r"^Reconnecting"))
    missed = [f"missed {n}" for n in range(1, 106)]
    for text in missed:
        team.say("Plans", text)
    # And her network comes back (the browser says so: the client tries at once)
    network.refusing = False
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(status).to_have_text("Online")

    # Then the thread shows its latest page, "New messages" above it (what she missed goes on
    # above), and older pages to scroll back to
    expect(contents).to_have_text(missed[-10:])
    first_unread = page.locator('[data-testid="unread-divider"] + [data-testid="message"]')
    expect(first_unread.get_by_test_id("message-content")).to_have_text("missed 96")
    # And, at the bottom of the thread, she has read it all
    expect(page).to_have_title("ourchat")
    expect(page.get_by_test_id("load-older")).to_be_visible()
    page.get_by_test_id("load-older").click()
    expect(contents).to_have_count(20)
    expect(first_unread.get_by_test_id("message-content")).to_have_text("missed 86")
