"""Deleting my account from the web client (deleteUser), in a real Chromium against the
complete local server: the confirm dialog (what goes, what stays; the keyboard and axe-core),
signing out and forgetting the user on this browser, the others seeing the user leave and
their messages shown as from "Deleted user", his other device signing out (not coming back
as a new account), the refusal to an owner of a group with other
members (naming it), and a cancel that erases nothing.

The scene is set over the wire protocol (tests.support.browser.SocketUser); every wait is one
of Playwright's auto-retrying expectations: nothing sleeps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from ourchat.local.server import LocalChat
from tests.support.browser import (
    PHONE,
    SocketUser,
    axe_violations,
    expect_roles,
    group_item,
    isolated_contexts,
    message_row,
    open_thread,
    sign_in,
    unique,
)


@dataclass
class Team:
    """Alice (the owner) and Bob in a group with the thread "Plans", where Bob said hello;
    set up over the wire."""

    alice_id: str
    bob_id: str
    alice: SocketUser
    group: str
    group_id: str


@pytest.fixture
def team(local_chat: LocalChat) -> Iterator[Team]:
    alice_id, bob_id, group = unique("alice"), unique("bob"), unique("Team")
    alice = SocketUser(local_chat.ws_url, local_chat.token_for(alice_id, "Alice"))
    bob = SocketUser(local_chat.ws_url, local_chat.token_for(bob_id, "Bob"))
    try:
        group_id = alice.ok("createGroup", groupName=group)["groupId"]
        alice.ok("addMember", groupId=group_id, userId=bob_id)
        bob.ok("acceptInvitation", groupId=group_id)
        thread_id = alice.ok("createThread", groupId=group_id, threadName="Plans")["threadId"]
        bob.ok("sendMessage", groupId=group_id, threadId=thread_id, content="Hello from Bob")
        # Bob's socket goes: the browser is where he acts from now on.
        bob.close()
        yield Team(alice_id, bob_id, alice, group, group_id)
    finally:
        alice.close()
        bob.close()


def member_ids(team: Team) -> list[str]:
    """The group's members as the server has them."""
    members = team.alice.ok("listMembers", groupId=team.group_id)["members"]
    return sorted(member["userId"] for member in members)


def open_dialog(page: Page) -> Locator:
    """Press "Delete account…": the dialog opens with the focus on Cancel."""
    page.get_by_test_id("delete-account").click()
    dialog = page.get_by_role("dialog", name="Delete your account?")
    expect(dialog).to_be_visible()
    expect(page.get_by_test_id("delete-account-no")).to_be_focused()
    return dialog


def ourchat_keys(page: Page) -> list[str]:
    """The keys the client keeps in this profile's localStorage."""
    keys: list[str] = page.evaluate(
        "Object.keys(localStorage).filter((key) => key.startsWith('ourchat.')).sort()"
    )
    return keys


def test_a_user_deletes_their_account_and_the_others_see_a_deleted_user(
    local_chat: LocalChat, contexts: list[BrowserContext], team: Team
) -> None:
    # Given alice and bob on their own pages, both reading Plans, bob with a draft there
    alice_context, bob_context = contexts
    alice = sign_in(alice_context, local_chat.http_url, team.alice_id, "Alice")
    open_thread(alice, team.group, "Plans")
    hello = message_row(alice, "Hello from Bob")
    expect(hello.get_by_test_id("message-sender")).to_have_text("Bob")
    expect_roles(alice, ["Alice: Owner", "Bob: Member"])
    bob = sign_in(bob_context, local_chat.http_url, team.bob_id, "Bob")
    open_thread(bob, team.group, "Plans")
    bob.get_by_test_id("composer-input").fill("a draft of mine")
    assert f"ourchat.drafts.{team.bob_id}" in ourchat_keys(bob)
    # And a second tab of his, signed in again from what the browser remembers
    other_tab = bob_context.new_page()
    other_tab.goto(local_chat.http_url)
    expect(other_tab.get_by_test_id("current-user")).to_have_text("Bob")
    expect(other_tab.get_by_test_id("connection-status")).to_have_text("Online")

    # When bob opens "Delete account…": it says whose account, what goes and what stays
    dialog = open_dialog(bob)
    expect(bob.get_by_test_id("delete-account-who")).to_have_text(f"Bob (@{team.bob_id})")
    erased = bob.get_by_test_id("delete-account-erased")
    expect(erased).to_contain_text("each group sees you leave")
    expect(erased).to_contain_text("Invitations sent to you")
    expect(erased).to_contain_text("read state")
    expect(dialog).to_contain_text("Your messages stay in their threads")

    # And confirms
    bob.get_by_test_id("delete-account-yes").click()

    # Then he is signed out, told why, and this browser forgets him
    expect(bob.get_by_test_id("signin-form")).to_be_visible()
    expect(bob.get_by_test_id("signin-status")).to_have_text("Your account was deleted.")
    expect(bob.get_by_test_id("session-controls")).to_be_hidden()
    expect(bob.get_by_test_id("signin-user-id")).to_have_value("")
    expect(bob.get_by_test_id("signin-user-id")).to_be_focused()
    assert ourchat_keys(bob) == []
    bob.reload()
    expect(bob.get_by_test_id("signin-form")).to_be_visible()
    expect(bob.get_by_test_id("signin-user-id")).to_have_value("")
    # And his other tab signs out too (it does not come back, bringing the account back),
    # told by this browser or by the server, whichever comes first
    expect(other_tab.get_by_test_id("signin-status")).to_have_text(
        re.compile(r"^Your account was deleted (in another tab|on another device or tab)\.$")
    )
    expect(other_tab.get_by_test_id("session-controls")).to_be_hidden()

    # And alice sees him leave the members, and his message is from "Deleted user"
    expect_roles(alice, ["Alice: Owner"])
    expect(hello.get_by_test_id("message-sender")).to_have_text("Deleted user")
    expect(hello.get_by_test_id("message-content")).to_have_text("Hello from Bob")
    assert member_ids(team) == [team.alice_id]
    assert team.alice.ok("findUsers", query=team.bob_id)["users"] == []

    # And so it stays after a reload (he is no member: looked up, and not found)
    alice.reload()
    expect(alice.get_by_test_id("connection-status")).to_have_text("Online")
    expect(alice.get_by_test_id("thread-title-name")).to_have_text("Plans")
    expect(hello.get_by_test_id("message-sender")).to_have_text("Deleted user")
    expect(alice.get_by_text("undefined")).to_have_count(0)


def test_his_other_device_signs_out_instead_of_bringing_the_account_back(
    local_chat: LocalChat, contexts: list[BrowserContext], team: Team
) -> None:
    # Given bob signed in on two devices (two browser profiles)
    device, other_device = contexts
    bob = sign_in(device, local_chat.http_url, team.bob_id, "Bob")
    elsewhere = sign_in(other_device, local_chat.http_url, team.bob_id, "Bob")
    expect(elsewhere.get_by_test_id("connection-status")).to_have_text("Online")

    # When he deletes his account on one of them
    open_dialog(bob)
    bob.get_by_test_id("delete-account-yes").click()
    expect(bob.get_by_test_id("signin-status")).to_have_text("Your account was deleted.")

    # Then the other device hears it from the server (account.deleted) and signs out before
    # its socket closes, so it does not reconnect into a new, empty account
    expect(elsewhere.get_by_test_id("signin-status")).to_have_text(
        "Your account was deleted on another device or tab."
    )
    expect(elsewhere.get_by_test_id("session-controls")).to_be_hidden()
    assert team.alice.ok("findUsers", query=team.bob_id)["users"] == []
    assert member_ids(team) == [team.alice_id]


def test_an_owner_of_a_group_with_members_is_told_to_hand_it_on_first(
    local_chat: LocalChat, contexts: list[BrowserContext], team: Team
) -> None:
    # Given alice, owner of the team where bob is a member
    alice = sign_in(contexts[0], local_chat.http_url, team.alice_id, "Alice")
    expect(group_item(alice, team.group)).to_be_visible()

    # When she tries to delete her account
    open_dialog(alice)
    alice.get_by_test_id("delete-account-yes").click()

    # Then the dialog names the group and says what to do; nothing is signed out or erased
    error = alice.get_by_test_id("delete-account-error")
    expect(error).to_contain_text(f"you own “{team.group}”, which has other members")
    expect(error).to_contain_text("Make owner")
    expect(error).not_to_contain_text(team.group_id)
    expect(alice.get_by_test_id("delete-account-yes")).to_have_text("Delete my account")
    alice.keyboard.press("Escape")
    expect(alice.get_by_test_id("delete-account-dialog")).to_be_hidden()
    expect(alice.get_by_test_id("delete-account")).to_be_focused()
    expect(alice.get_by_test_id("current-user")).to_have_text("Alice")
    expect(alice.get_by_test_id("connection-status")).to_have_text("Online")
    expect(group_item(alice, team.group)).to_be_visible()
    assert member_ids(team) == sorted([team.alice_id, team.bob_id])


def test_escape_cancels_and_erases_nothing_and_the_dialog_passes_axe(
    local_chat: LocalChat, browser: Browser, team: Team
) -> None:
    # add_script_tag injects axe inline, which the page's CSP (rightly) refuses: this profile
    # alone bypasses it.
    with isolated_contexts(browser, 1, bypass_csp=True) as (context,):
        # Given bob signed in, the dialog open: axe finds nothing serious in it
        bob = sign_in(context, local_chat.http_url, team.bob_id, "Bob")
        expect(group_item(bob, team.group)).to_be_visible()
        dialog = open_dialog(bob)
        assert axe_violations(bob) == []

        # When he presses Escape
        bob.keyboard.press("Escape")

        # Then the dialog closes, the focus back on its button, and he is still a member
        expect(dialog).to_be_hidden()
        expect(bob.get_by_test_id("delete-account")).to_be_focused()
        expect(bob.get_by_test_id("current-user")).to_have_text("Bob")
        assert member_ids(team) == sorted([team.alice_id, team.bob_id])

        # And Cancel, from the keyboard, does the same
        bob.keyboard.press("Enter")
        expect(dialog).to_be_visible()
        expect(bob.get_by_test_id("delete-account-no")).to_be_focused()
        bob.keyboard.press("Enter")
        expect(dialog).to_be_hidden()
        expect(bob.get_by_test_id("delete-account")).to_be_focused()
        assert member_ids(team) == sorted([team.alice_id, team.bob_id])


def test_on_a_phone_the_dialog_fits_the_screen(local_chat: LocalChat, browser: Browser) -> None:
    # Given bob on a phone (375 by 667)
    with isolated_contexts(browser, 1, PHONE) as [phone]:
        page = sign_in(phone, local_chat.http_url, unique("bob"), "Bob")
        # When he opens "Delete account…"
        expect(page.get_by_test_id("delete-account")).to_be_in_viewport()
        open_dialog(page)
        # Then both choices are on the screen, with nothing to scroll sideways
        expect(page.get_by_test_id("delete-account-yes")).to_be_in_viewport()
        expect(page.get_by_test_id("delete-account-no")).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
