"""Messages people can fix, in the browser client, in a real Chromium against the complete
local server: editing in place, deleting (one's own, and others' as an admin), reactions
with the picker and the chips, and replies with their quotes. The shared steps are in
tests.support.browser.

Two browser contexts act as the users (a second page of the same profile is the same user's
other device). Every wait is one of Playwright's auto-retrying expectations; nothing sleeps.
A page that must *not* get something is checked after a round trip of its own that the
server answers after it (frames on one WebSocket keep their order).
"""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, Page, expect

from ourchat.local.server import LocalChat
from tests.support.browser import (
    create_group,
    create_thread,
    expect_last_message,
    join,
    member_item,
    message_action,
    message_actions,
    message_by_id,
    message_id_of,
    message_row,
    open_thread,
    reaction_chip,
    send,
    sign_in,
    unique,
)


def chat_of_two(local_chat: LocalChat, contexts: list[BrowserContext]) -> tuple[Page, Page, str]:
    """Alice (the owner) and Bob (a member) of a new group, both in its thread "Talk"; and
    the group's name."""
    alice_context, bob_context = contexts
    alice_id, bob_id, group = unique("alice"), unique("bob"), unique("Fix")
    bob = sign_in(bob_context, local_chat.http_url, bob_id, "Bob")
    alice = sign_in(alice_context, local_chat.http_url, alice_id, "Alice")
    create_group(alice, group)
    create_thread(alice, "Talk")
    join(alice, bob, bob_id, group)
    open_thread(bob, group, "Talk")
    return alice, bob, group


def test_edit_own_message_in_place(local_chat: LocalChat, contexts: list[BrowserContext]) -> None:
    # Given alice's message, seen by bob
    alice, bob, _ = chat_of_two(local_chat, contexts)
    send(alice, "see you at 10")
    expect_last_message(bob, "see you at 10")
    message_id = message_id_of(alice, "see you at 10")
    mine, theirs = message_by_id(alice, message_id), message_by_id(bob, message_id)

    # Then bob may react and reply to it, but neither edit nor delete it
    expect(message_actions(theirs).get_by_role("button")).to_have_count(2)
    expect(message_action(theirs, "React to message")).to_be_visible()
    expect(message_action(theirs, "Reply")).to_be_visible()

    # When alice edits it and changes her mind (Escape), nothing changes
    message_action(mine, "Edit").click()
    editor = mine.get_by_test_id("edit-input")
    expect(editor).to_be_focused()
    expect(editor).to_have_value("see you at 10")
    editor.fill("never mind")
    editor.press("Escape")
    expect(mine.get_by_test_id("edit-input")).to_have_count(0)
    expect(mine.get_by_test_id("message-content")).to_have_text("see you at 10")
    expect(message_action(mine, "Edit")).to_be_focused()

    # When she edits it again (Shift+Enter for a new line, Enter saves)
    message_action(mine, "Edit").click()
    editor.fill("see you at 11")
    editor.press("Shift+Enter")
    editor.type("at the station")
    editor.press("Enter")

    # Then both see the new text in place, marked "edited" with the time as its tooltip
    for page in (alice, bob):
        row = message_by_id(page, message_id)
        expect(row.get_by_test_id("message-content")).to_have_text("see you at 11\nat the station")
        expect(row.get_by_test_id("message-edited")).to_have_text("edited")
        expect(row.get_by_test_id("message-edited")).to_have_attribute(
            "title", re.compile("^Edited ")
        )
    expect(mine.get_by_test_id("edit-input")).to_have_count(0)
    expect(alice.get_by_test_id("message")).to_have_count(1)


def test_delete_own_and_others_as_admin(
    local_chat: LocalChat, contexts: list[BrowserContext]
) -> None:
    # Given alice (the owner) and bob (a member), each with a message
    alice, bob, group = chat_of_two(local_chat, contexts)
    send(alice, "from alice")
    send(bob, "oops, wrong thread")
    expect_last_message(alice, "oops, wrong thread")
    alices = message_id_of(bob, "from alice")
    bobs = message_id_of(bob, "oops, wrong thread")

    # Then bob, a member, may not delete alice's message
    expect(message_action(message_by_id(bob, alices), "Delete")).to_have_count(0)
    expect(message_action(message_by_id(bob, alices), "Edit")).to_have_count(0)

    # When bob deletes his own message: cancelled once, then confirmed
    row = message_by_id(bob, bobs)
    message_action(row, "Delete").click()
    expect(row.get_by_test_id("delete-confirm")).to_contain_text("Delete this message?")
    expect(row.get_by_test_id("delete-confirm-yes")).to_be_focused()
    row.get_by_test_id("delete-confirm-yes").press("Escape")
    expect(row.get_by_test_id("delete-confirm")).to_have_count(0)
    expect(message_action(row, "Delete")).to_be_focused()
    message_action(row, "Delete").click()
    row.get_by_test_id("delete-confirm-yes").click()

    # Then both see "message deleted" in its place, with no actions left on it
    for page in (alice, bob):
        tombstone = message_by_id(page, bobs)
        expect(tombstone.get_by_test_id("message-content")).to_have_text("message deleted")
        expect(tombstone).to_have_attribute("data-deleted", "true")
        expect(tombstone.get_by_role("toolbar")).to_have_count(0)
        expect(page.get_by_test_id("message")).to_have_count(2)

    # When alice makes bob an admin, he may delete her message, and does
    member_item(alice, "Bob").get_by_test_id("member-makeAdmin").click()
    theirs = message_by_id(bob, alices)
    message_action(theirs, "Delete").click()
    theirs.get_by_test_id("delete-confirm-yes").click()

    # Then alice sees her message deleted live; editing was never offered to bob
    for page in (alice, bob):
        expect(message_by_id(page, alices).get_by_test_id("message-content")).to_have_text(
            "message deleted"
        )
    expect(bob.get_by_test_id("edit-input")).to_have_count(0)

    # And it stays so after a reload (the tombstone keeps its place)
    alice.reload()
    expect(alice.get_by_test_id("connection-status")).to_have_text("Online")
    open_thread(alice, group, "Talk")
    expect(alice.get_by_test_id("message-content")).to_have_text(
        ["message deleted", "message deleted"]
    )


def test_reactions_with_picker_and_chips(
    local_chat: LocalChat, contexts: list[BrowserContext]
) -> None:
    # Given alice's message, and bob on a second device (another page of his profile)
    alice, bob, group = chat_of_two(local_chat, contexts)
    send(alice, "lunch?")
    expect_last_message(bob, "lunch?")
    message_id = message_id_of(bob, "lunch?")
    bob_again = bob.context.new_page()
    bob_again.goto(local_chat.http_url)
    expect(bob_again.get_by_test_id("connection-status")).to_have_text("Online")
    open_thread(bob_again, group, "Talk")
    expect_last_message(bob_again, "lunch?")

    # When bob reacts with 👍 from the picker
    row = message_by_id(bob, message_id)
    message_action(row, "React to message").click()
    picker = row.get_by_test_id("emoji-picker")
    expect(picker).to_be_visible()
    expect(picker.get_by_test_id("emoji-option").first).to_be_focused()
    picker.get_by_role("button", name="React with 👍").click()
    expect(picker).to_have_count(0)

    # Then his chip counts one and is pressed, on both of his pages, counted once
    send(bob, "sync")
    for page in (bob, bob_again):
        chip = reaction_chip(message_by_id(page, message_id), "👍")
        expect(chip).to_have_attribute("aria-pressed", "true")
        expect(chip.get_by_test_id("reaction-count")).to_have_text("1")
        expect(chip).to_have_attribute("title", "You")

    # And alice sees it live: not pressed, named "Bob"
    chip = reaction_chip(message_by_id(alice, message_id), "👍")
    expect(chip.get_by_test_id("reaction-count")).to_have_text("1")
    expect(chip).to_have_attribute("aria-pressed", "false")
    expect(chip).to_have_attribute("title", "Bob")

    # When alice presses the chip, she reacts too; bob sees the count live
    chip.click()
    expect(chip).to_have_attribute("aria-pressed", "true")
    expect(chip.get_by_test_id("reaction-count")).to_have_text("2")
    expect(chip).to_have_attribute("title", "You and Bob")
    bobs_chip = reaction_chip(message_by_id(bob, message_id), "👍")
    expect(bobs_chip.get_by_test_id("reaction-count")).to_have_text("2")
    expect(bobs_chip).to_have_attribute("title", "You and Alice")

    # When bob presses his chip again, his reaction goes; alice's stays
    bobs_chip.click()
    expect(bobs_chip).to_have_attribute("aria-pressed", "false")
    expect(bobs_chip.get_by_test_id("reaction-count")).to_have_text("1")
    expect(chip.get_by_test_id("reaction-count")).to_have_text("1")
    expect(chip).to_have_attribute("aria-pressed", "true")
    expect(reaction_chip(message_by_id(bob_again, message_id), "👍")).to_have_attribute(
        "aria-pressed", "false"
    )

    # And the picker offers the last used emoji first; Escape closes it, back on its button
    react = message_action(row, "React to message")
    react.click()
    first = row.get_by_test_id("emoji-option").first
    expect(first).to_have_text("👍")
    first.press("Escape")
    expect(row.get_by_test_id("emoji-picker")).to_have_count(0)
    expect(react).to_be_focused()


def test_message_actions_by_keyboard_and_long_press(
    local_chat: LocalChat, contexts: list[BrowserContext]
) -> None:
    # Given bob's message on alice's page
    alice, bob, _ = chat_of_two(local_chat, contexts)
    send(bob, "keys")
    expect_last_message(alice, "keys")
    row = message_row(alice, "keys")
    toolbar = row.get_by_role("toolbar", name="Message actions")

    # When alice tabs into it, the toolbar shows; arrow keys move within it
    alice.get_by_test_id("composer-input").focus()
    expect(toolbar).to_have_css("opacity", "0")
    react = toolbar.get_by_role("button", name="React to message")
    react.focus()
    expect(toolbar).to_have_css("opacity", "1")
    react.press("ArrowRight")
    expect(toolbar.get_by_role("button", name="Reply")).to_be_focused()
    alice.keyboard.press("ArrowRight")
    expect(toolbar.get_by_role("button", name="Delete")).to_be_focused()
    alice.keyboard.press("Home")
    expect(react).to_be_focused()

    # When bob presses a message long on a touch screen, its actions show with the focus
    mine = message_row(bob, "keys")
    content = mine.get_by_test_id("message-content")
    content.dispatch_event("pointerdown", {"pointerType": "touch", "isPrimary": True})
    expect(mine.get_by_role("button", name="React to message")).to_be_focused()
    expect(mine.get_by_role("toolbar")).to_have_css("opacity", "1")
    content.dispatch_event("pointerup", {"pointerType": "touch", "isPrimary": True})


def test_reply_quotes_and_leads_to_the_original(
    local_chat: LocalChat, contexts: list[BrowserContext]
) -> None:
    # Given alice's question, then enough messages to scroll it out of sight
    alice, bob, _ = chat_of_two(local_chat, contexts)
    send(alice, "Who brings the cake?")
    for number in range(14):
        send(alice, f"filler {number}")
    expect_last_message(bob, "filler 13")
    question = message_id_of(bob, "Who brings the cake?")

    # When bob presses Reply on it, it is quoted above the composer; Cancel drops it
    message_action(message_by_id(bob, question), "Reply").click()
    bar = bob.get_by_test_id("reply-bar")
    expect(bar).to_be_visible()
    expect(bar.get_by_test_id("reply-bar-sender")).to_have_text("Alice")
    expect(bar.get_by_test_id("reply-bar-excerpt")).to_have_text("Who brings the cake?")
    expect(bob.get_by_test_id("composer-input")).to_be_focused()
    bar.get_by_role("button", name="Cancel reply").click()
    expect(bar).to_be_hidden()

    # When he replies (Escape in the composer cancels too, so he presses Reply again)
    message_action(message_by_id(bob, question), "Reply").click()
    bob.get_by_test_id("composer-input").press("Escape")
    expect(bar).to_be_hidden()
    message_action(message_by_id(bob, question), "Reply").click()
    send(bob, "I do")
    expect(bar).to_be_hidden()

    # Then his message shows the quote, on both pages
    for page in (alice, bob):
        expect_last_message(page, "I do")
        quote = message_row(page, "I do").get_by_test_id("reply-quote")
        expect(quote.get_by_test_id("reply-quote-sender")).to_have_text("Alice")
        expect(quote.get_by_test_id("reply-quote-excerpt")).to_have_text("Who brings the cake?")

    # When alice presses the quote, the original scrolls into view, focused and highlighted
    original = message_by_id(alice, question)
    expect(original).not_to_be_in_viewport()
    message_row(alice, "I do").get_by_test_id("reply-quote").click()
    expect(original).to_be_in_viewport()
    expect(original).to_be_focused()
    expect(original).to_have_class(re.compile(r"\bhighlight\b"))


def test_reply_quote_turns_into_deleted_message_live(
    local_chat: LocalChat, contexts: list[BrowserContext]
) -> None:
    # Given bob's reply to alice's message
    alice, bob, group = chat_of_two(local_chat, contexts)
    send(alice, "a secret")
    expect_last_message(bob, "a secret")
    message_action(message_row(bob, "a secret"), "Reply").click()
    send(bob, "tell me more")
    expect_last_message(alice, "tell me more")
    quote = message_row(bob, "tell me more").get_by_test_id("reply-quote")
    expect(quote.get_by_test_id("reply-quote-excerpt")).to_have_text("a secret")

    # And alice starts a reply to her own message, then deletes it
    secret = message_row(alice, "a secret")
    message_action(secret, "Reply").click()
    message_action(secret, "Delete").click()
    secret.get_by_test_id("delete-confirm-yes").click()

    # Then bob's reply quotes a "deleted message" live, and the original is a tombstone
    expect(quote.get_by_test_id("reply-quote-excerpt")).to_have_text("deleted message")
    expect(quote).to_have_attribute("data-deleted", "true")
    expect(bob.get_by_test_id("message-content")).to_have_text(["message deleted", "tell me more"])
    expect(bob.get_by_text("a secret")).to_have_count(0)

    # And alice's own page too, the quote above her composer included
    own_quote = message_row(alice, "tell me more").get_by_test_id("reply-quote-excerpt")
    expect(own_quote).to_have_text("deleted message")
    expect(alice.get_by_test_id("reply-bar-excerpt")).to_have_text("deleted message")

    # And after a reload, as the server keeps it
    bob.reload()
    expect(bob.get_by_test_id("connection-status")).to_have_text("Online")
    open_thread(bob, group, "Talk")
    expect(message_row(bob, "tell me more").get_by_test_id("reply-quote-excerpt")).to_have_text(
        "deleted message"
    )
