"""The browser client's membership with consent in a real Chromium against the complete local
server: invitations accepted and declined, removing and leaving, and finding people to add.
Roles, renaming and names are in test_web_client_roles.py; the shared steps are in
tests.support.browser.

Two or three browser contexts act as the users. Every wait is one of Playwright's
auto-retrying expectations; nothing sleeps. A page that must *not* get something is checked
after a round trip of its own that the server answers after it (frames on one WebSocket keep
their order).
"""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, expect

from ourchat.local.server import LocalChat
from tests.support.browser import (
    FlakyNetwork,
    accept,
    create_group,
    create_thread,
    expect_last_message,
    expect_roles,
    group_item,
    invitation_item,
    invite,
    join,
    member_item,
    open_thread,
    round_trip,
    search_people,
    send,
    sign_in,
    thread_item,
    unique,
)

BROWSER_PROFILES = 3
"""Alice, Bob and Carol each have their own browser profile (tests/e2e/conftest.py)."""


def test_invite_accept_chat_then_remove(
    local_chat: LocalChat, contexts: list[BrowserContext]
) -> None:
    # Given alice's group with a thread, and bob, signed in, whose frames are recorded
    alice_context, bob_context, _ = contexts
    network = FlakyNetwork()
    bob_context.route_web_socket(re.compile(r"^wss?://"), network.route)
    alice_id, bob_id, group = unique("alice"), unique("bob"), unique("Team")
    bob = sign_in(bob_context, local_chat.http_url, bob_id, "Bob")
    alice = sign_in(alice_context, local_chat.http_url, alice_id, "Alice")
    create_group(alice, group, "🎉")
    create_thread(alice, "Plans")

    # When alice invites bob, he sees the invitation live: the group, its emoticon, who
    invite(alice, bob_id)
    invitation = invitation_item(bob, group)
    expect(invitation).to_contain_text("🎉")
    expect(invitation.get_by_test_id("invitation-by")).to_have_text("Invited by Alice")
    expect(group_item(bob, group)).to_have_count(0)
    expect_roles(alice, ["Alice: Owner"])

    # When he accepts, the group is his and selected, and both lists show him as a member
    accept(bob, group)
    expect_roles(alice, ["Alice: Owner", "Bob: Member"])
    expect_roles(bob, ["Alice: Owner", "Bob: Member"])

    # And they chat, each seeing the other's name on their messages
    thread_item(bob, "Plans").click()
    send(alice, "Welcome, Bob")
    expect_last_message(bob, "Welcome, Bob")
    expect(bob.get_by_test_id("message-sender").last).to_have_text("Alice")
    send(bob, "Thanks!")
    expect_last_message(alice, "Thanks!")
    expect(alice.get_by_test_id("message-sender").last).to_have_text("Bob")

    # When alice removes bob (a confirm step first)
    bob_row = member_item(alice, "Bob")
    bob_row.get_by_test_id("member-remove").click()
    expect(bob_row.get_by_test_id("member-confirm")).to_contain_text("Remove Bob")
    expect(bob_row.get_by_test_id("member-confirm-yes")).to_be_focused()
    bob_row.get_by_test_id("member-confirm-yes").click()

    # Then bob's page says why, the group and its thread are gone from it
    notice = bob.get_by_test_id("notice")
    expect(notice.get_by_test_id("notice-text")).to_have_text(f"You were removed from {group}")
    expect(group_item(bob, group)).to_have_count(0)
    expect(bob.get_by_test_id("message")).to_have_count(0)
    expect(bob.get_by_test_id("composer-input")).to_be_disabled()
    expect_roles(alice, ["Alice: Owner"])

    # And what alice says next never reaches him
    send(alice, "after removal")
    round_trip(bob)
    expect(bob.get_by_text("after removal")).to_have_count(0)
    expect(group_item(bob, group)).to_have_count(0)
    assert not [frame for frame in network.received if "after removal" in frame]

    # And the notice stays until he dismisses it
    expect(notice).to_be_visible()
    notice.get_by_role("button", name="Dismiss notice").click()
    expect(notice).to_have_count(0)


def test_declined_invitation_goes_away(
    local_chat: LocalChat, contexts: list[BrowserContext]
) -> None:
    # Given alice's group, and bob, invited while signed in
    alice_context, bob_context, _ = contexts
    alice_id, bob_id, group = unique("alice"), unique("bob"), unique("Club")
    bob = sign_in(bob_context, local_chat.http_url, bob_id, "Bob")
    alice = sign_in(alice_context, local_chat.http_url, alice_id, "Alice")
    create_group(alice, group)
    invite(alice, bob_id)
    expect(invitation_item(bob, group)).to_be_visible()

    # When bob reloads, the invitation is listed again (listInvitations on connect)
    bob.reload()
    expect(bob.get_by_test_id("connection-status")).to_have_text("Online")
    expect(invitation_item(bob, group).get_by_test_id("invitation-by")).to_have_text(
        "Invited by Alice"
    )

    # When he declines it, it is gone, for good, and he is not a member
    invitation_item(bob, group).get_by_test_id("decline-invitation").click()
    expect(bob.get_by_test_id("invitation")).to_have_count(0)
    expect(bob.get_by_test_id("invitations")).to_be_hidden()
    bob.reload()
    expect(bob.get_by_test_id("connection-status")).to_have_text("Online")
    round_trip(bob)
    expect(bob.get_by_test_id("invitation")).to_have_count(0)
    expect(group_item(bob, group)).to_have_count(0)
    expect_roles(alice, ["Alice: Owner"])


def test_leave_group(local_chat: LocalChat, contexts: list[BrowserContext]) -> None:
    # Given alice's group with bob in it
    alice_context, bob_context, _ = contexts
    alice_id, bob_id, group = unique("alice"), unique("bob"), unique("Band")
    bob = sign_in(bob_context, local_chat.http_url, bob_id, "Bob")
    alice = sign_in(alice_context, local_chat.http_url, alice_id, "Alice")
    create_group(alice, group)
    create_thread(alice, "Gigs")
    join(alice, bob, bob_id, group)

    # When alice, the owner, tries to leave, she is told to hand ownership on first
    alice.get_by_test_id("leave-group").click()
    expect(alice.get_by_test_id("leave-group-confirm")).to_contain_text(
        "make someone else owner first"
    )
    alice.get_by_test_id("leave-group-yes").click()
    expect(alice.get_by_test_id("leave-group-error")).to_contain_text(
        "the owner cannot leave while others remain"
    )
    expect(group_item(alice, group)).to_be_visible()

    # When bob leaves (cancelling once, then confirming)
    open_thread(bob, group, "Gigs")
    bob.get_by_test_id("leave-group").click()
    expect(bob.get_by_test_id("leave-group-confirm")).to_contain_text(f"Leave {group}?")
    bob.get_by_test_id("leave-group-no").click()
    expect(bob.get_by_test_id("leave-group-confirm")).to_be_hidden()
    expect(bob.get_by_test_id("leave-group")).to_be_focused()
    bob.get_by_test_id("leave-group").click()
    bob.get_by_test_id("leave-group-yes").click()

    # Then his page says so and the group is gone from it; alice sees him go
    expect(bob.get_by_test_id("notice-text")).to_have_text(f"You left {group}")
    expect(group_item(bob, group)).to_have_count(0)
    expect(bob.get_by_test_id("message")).to_have_count(0)
    expect_roles(alice, ["Alice: Owner"])

    # And alice, alone now, may leave too
    alice.get_by_test_id("leave-group").click()
    alice.get_by_test_id("leave-group-yes").click()
    expect(alice.get_by_test_id("notice-text")).to_have_text(f"You left {group}")
    expect(group_item(alice, group)).to_have_count(0)


def test_add_member_finds_people_by_name_prefix(
    local_chat: LocalChat, contexts: list[BrowserContext]
) -> None:
    # Given alice's group with bob in it, and carl (who signed in once) and caroline, who
    # are not
    alice_context, bob_context, carol_context = contexts
    alice_id, bob_id, group = unique("alice"), unique("bob"), unique("Search")
    bob = sign_in(bob_context, local_chat.http_url, bob_id, "Bob")
    carl = sign_in(carol_context, local_chat.http_url, unique("u"), "Carl")
    carl.get_by_test_id("sign-out").click()
    expect(carl.get_by_test_id("signin-form")).to_be_visible()
    caroline = sign_in(carol_context, local_chat.http_url, unique("u"), "Caroline")
    alice = sign_in(alice_context, local_chat.http_url, alice_id, "Alice")
    create_group(alice, group)
    join(alice, bob, bob_id, group)

    # When alice types one character, nothing is asked; from two, people whose name starts
    # with them show, ignoring case
    results = search_people(alice, "c")
    expect(alice.get_by_test_id("add-member-results")).to_be_hidden()
    results = search_people(alice, "cAR")
    expect(results).to_have_count(2)
    expect(results.locator(".row-name")).to_have_text(["Carl", "Caroline"])
    expect(alice.get_by_test_id("add-member-search")).to_have_attribute("aria-expanded", "true")

    # And a member already in the group is marked so
    expect(search_people(alice, "Bo").locator(".row-name")).to_have_text(["Bob"])
    bob_result = alice.get_by_test_id("add-member-result").filter(has_text="Bob")
    expect(bob_result).to_have_attribute("aria-disabled", "true")
    expect(bob_result).to_contain_text("member")

    # When she picks Caroline with the keyboard (arrow keys and Enter)
    box = alice.get_by_test_id("add-member-search")
    search_people(alice, "Caro")
    expect(results.locator(".row-name")).to_have_text(["Caroline"])
    box.press("ArrowDown")
    expect(results.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", results.first.get_attribute("id") or "")
    box.press("Enter")

    # Then the invitation is sent and reaches caroline, and the box is ready again
    expect(alice.get_by_test_id("add-member-status")).to_have_text("Invitation sent to Caroline.")
    expect(box).to_have_value("")
    expect(box).to_be_focused()
    expect(alice.get_by_test_id("add-member-results")).to_be_hidden()
    expect(invitation_item(caroline, group)).to_be_visible()

    # And Escape closes the results
    search_people(alice, "Carl")
    expect(results.locator(".row-name")).to_have_text(["Carl"])
    box.press("Escape")
    expect(alice.get_by_test_id("add-member-results")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
