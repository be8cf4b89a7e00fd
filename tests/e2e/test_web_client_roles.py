"""The browser client's roles and names in a real Chromium against the complete local server:
the member list with its roles and the actions each role allows, renaming groups and threads
live, and people's names on their messages. Invitations, removing and leaving are in
test_web_client_membership.py; the shared steps are in tests.support.browser.

Two or three browser contexts act as the users. Every wait is one of Playwright's
auto-retrying expectations; nothing sleeps.
"""

from __future__ import annotations

from playwright.sync_api import BrowserContext, expect

from ourchat.local.server import LocalChat
from tests.support.browser import (
    create_group,
    create_thread,
    expect_last_message,
    expect_roles,
    group_item,
    join,
    member_item,
    open_thread,
    send,
    sign_in,
    thread_item,
    unique,
)

BROWSER_PROFILES = 3
"""Alice, Bob and Carol each have their own browser profile (tests/e2e/conftest.py)."""


def test_roles_owner_makes_an_admin_then_hands_ownership_on(
    local_chat: LocalChat, contexts: list[BrowserContext]
) -> None:
    # Given alice's group with bob and carol as members
    alice_context, bob_context, carol_context = contexts
    alice_id, bob_id, carol_id = unique("alice"), unique("bob"), unique("carol")
    group = unique("Crew")
    bob = sign_in(bob_context, local_chat.http_url, bob_id, "Bob")
    carol = sign_in(carol_context, local_chat.http_url, carol_id, "Carol")
    alice = sign_in(alice_context, local_chat.http_url, alice_id, "Alice")
    create_group(alice, group)
    join(alice, bob, bob_id, group)
    join(alice, carol, carol_id, group)
    expect_roles(alice, ["Alice: Owner", "Bob: Member", "Carol: Member"])

    # Then the owner is offered every action on members, a member none, and only the owner
    # and admins may add people or rename the group
    bob_row = member_item(alice, "Bob")
    expect(bob_row.get_by_role("button")).to_have_text(["Make admin", "Make owner", "Remove"])
    expect(member_item(alice, "Alice").get_by_role("button")).to_have_count(0)
    expect(bob.get_by_test_id("member").get_by_role("button")).to_have_count(0)
    expect(alice.get_by_test_id("add-member-search")).to_be_visible()
    expect(alice.get_by_test_id("rename-group")).to_be_visible()
    expect(bob.get_by_test_id("add-member-search")).to_be_hidden()
    expect(bob.get_by_test_id("rename-group")).to_be_hidden()

    # When alice makes bob an admin, every page shows it, and bob may now remove members
    bob_row.get_by_role("button", name="Make admin").click()
    for page in (alice, bob, carol):
        expect_roles(page, ["Alice: Owner", "Bob: Admin", "Carol: Member"])
    expect(member_item(bob, "Carol").get_by_role("button")).to_have_text(["Remove"])
    expect(member_item(bob, "Alice").get_by_role("button")).to_have_count(0)
    expect(bob.get_by_test_id("add-member-search")).to_be_visible()
    expect(bob.get_by_test_id("rename-group")).to_be_visible()
    expect(bob_row.get_by_role("button")).to_have_text(["Make member", "Make owner", "Remove"])

    # When alice hands ownership to bob, with a confirm step (and cancelling it once)
    bob_row.get_by_test_id("member-makeOwner").click()
    expect(bob_row.get_by_test_id("member-confirm")).to_contain_text(
        "Make Bob the owner? You will become an admin."
    )
    bob_row.get_by_test_id("member-confirm-no").click()
    expect(bob_row.get_by_test_id("member-confirm")).to_have_count(0)
    expect(bob_row.get_by_test_id("member-makeOwner")).to_be_focused()
    bob_row.get_by_test_id("member-makeOwner").press("Enter")
    expect(bob_row.get_by_test_id("member-confirm-yes")).to_be_focused()
    bob_row.get_by_test_id("member-confirm-yes").press("Enter")

    # Then bob is the owner and alice an admin, on every page, and the offers follow
    for page in (alice, bob, carol):
        expect_roles(page, ["Bob: Owner", "Alice: Admin", "Carol: Member"])
    expect(member_item(alice, "Bob").get_by_role("button")).to_have_count(0)
    expect(member_item(alice, "Carol").get_by_role("button")).to_have_text(["Remove"])
    expect(member_item(bob, "Alice").get_by_role("button")).to_have_text(
        ["Make member", "Make owner", "Remove"]
    )


def test_rename_group_and_thread_seen_live(
    local_chat: LocalChat, contexts: list[BrowserContext]
) -> None:
    # Given alice's group and thread, with bob in it looking at the thread
    alice_context, bob_context, _ = contexts
    alice_id, bob_id, group = unique("alice"), unique("bob"), unique("Old")
    bob = sign_in(bob_context, local_chat.http_url, bob_id, "Bob")
    alice = sign_in(alice_context, local_chat.http_url, alice_id, "Alice")
    create_group(alice, group, "🎉")
    create_thread(alice, "Agenda")
    join(alice, bob, bob_id, group)
    open_thread(bob, group, "Agenda")

    # Then bob, a plain member, may rename neither the group nor alice's thread
    expect(bob.get_by_test_id("rename-group")).to_be_hidden()
    expect(bob.get_by_test_id("rename-thread")).to_be_hidden()

    # When alice renames the group and changes its emoticon
    new_group = unique("New")
    alice.get_by_test_id("rename-group").click()
    expect(alice.get_by_test_id("rename-group-name")).to_be_focused()
    alice.get_by_test_id("rename-group-name").fill(new_group)
    alice.get_by_test_id("rename-group-emoticon").fill("🚀")
    alice.get_by_test_id("rename-group-name").press("Enter")

    # Then both pages show the new name and emoticon, bob's without a reload
    for page in (alice, bob):
        expect(group_item(page, new_group)).to_contain_text("🚀")
        expect(page.get_by_test_id("group-title")).to_have_text(f"🚀{new_group}")
    expect(alice.get_by_test_id("rename-group-form")).to_be_hidden()
    expect(alice.get_by_test_id("rename-group")).to_be_focused()

    # When alice renames her thread, bob sees it live, in the list and the title
    alice.get_by_test_id("rename-thread").click()
    alice.get_by_test_id("rename-thread-name").fill("<i>Minutes</i>")
    alice.get_by_test_id("rename-thread-save").click()
    for page in (alice, bob):
        expect(thread_item(page, "<i>Minutes</i>")).to_be_visible()
        expect(page.get_by_test_id("thread-title-name")).to_have_text("<i>Minutes</i>")
        expect(page.locator("i")).to_have_count(0)

    # And bob may rename a thread he created; alice sees that live too
    create_thread(bob, "Bobs")
    expect(bob.get_by_test_id("rename-thread")).to_be_visible()
    bob.get_by_test_id("rename-thread").click()
    bob.get_by_test_id("rename-thread-name").fill("Bob's ideas")
    bob.get_by_test_id("rename-thread-name").press("Enter")
    expect(thread_item(alice, "Bob's ideas")).to_be_visible()
    expect(bob.get_by_test_id("thread-title-name")).to_have_text("Bob's ideas")

    # And removing the emoticon (an empty one) shows the default again
    alice.get_by_test_id("rename-group").click()
    alice.get_by_test_id("rename-group-emoticon").fill("")
    alice.get_by_test_id("rename-group-save").click()
    expect(group_item(bob, new_group)).to_contain_text("💬")


def test_message_from_another_user_shows_their_name(
    local_chat: LocalChat, contexts: list[BrowserContext]
) -> None:
    # Given bob, whose display name is markup, in alice's thread
    alice_context, bob_context, _ = contexts
    alice_id, bob_id, group = unique("alice"), unique("bob"), unique("Names")
    bob_name = "<b>Bob</b>"
    bob = sign_in(bob_context, local_chat.http_url, bob_id, bob_name)
    alice = sign_in(alice_context, local_chat.http_url, alice_id, "Alice")
    create_group(alice, group)
    create_thread(alice, "Hello")
    join(alice, bob, bob_id, group)
    open_thread(bob, group, "Hello")

    # When each writes
    send(bob, "hi from bob")
    expect_last_message(alice, "hi from bob")
    send(alice, "hi from alice")
    expect_last_message(bob, "hi from alice")

    # Then each message shows its sender's name as text (the id only as a tooltip)
    for page in (alice, bob):
        senders = page.get_by_test_id("message-sender")
        expect(senders).to_have_text([bob_name, "Alice"])
        expect(senders.first).to_have_attribute("title", bob_id)
        expect(page.locator("b")).to_have_count(0)

    # And after a reload, too (the names come from the member list)
    alice.reload()
    expect(alice.get_by_test_id("connection-status")).to_have_text("Online")
    open_thread(alice, group, "Hello")
    expect(alice.get_by_test_id("message-sender")).to_have_text([bob_name, "Alice"])
