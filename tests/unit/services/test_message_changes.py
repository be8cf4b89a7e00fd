"""Use cases of messages people fix: edit_message, delete_message, react, and replies."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from ourchat.domain.errors import BadRequest, Conflict, Forbidden, NotFound, TooLarge
from ourchat.domain.events import (
    MESSAGE_DELETED,
    MESSAGE_UPDATED,
    REACTION_ADDED,
    REACTION_REMOVED,
)
from ourchat.domain.ids import new_ulid
from ourchat.domain.limits import MAX_CONTENT_BYTES, MAX_REACTIONS_PER_MESSAGE
from ourchat.domain.models import Message, Reaction, ReplyTo, Thread
from ourchat.domain.records import to_record
from ourchat.domain.timestamps import format_timestamp
from ourchat.services.message_changes import delete_message, edit_message, react
from ourchat.services.messages import get_last_messages, send_message
from tests.support.world import World

EMOJI = ["🎉", "👍", "😀", "❤️", "🔥", "🙏", "😂", "😮", "😢", "👀", "✅", "🚀", "💯", "🤔",
         "👏", "🙌", "😎", "🥳", "🍕", "☕", "🌟"]  # fmt: skip


def _edit(world: World, actor: str, message: Message, content: str = "fixed") -> Message:
    return edit_message(
        world.store,
        world.pusher,
        world.clock,
        actor_id=actor,
        thread_id=message.thread_id,
        message_id=message.message_id,
        content=content,
    )


def _delete(world: World, actor: str, message: Message) -> Message:
    return delete_message(
        world.store,
        world.pusher,
        world.clock,
        actor_id=actor,
        thread_id=message.thread_id,
        message_id=message.message_id,
    )


def _react(world: World, actor: str, message: Message, emoji: str, adding: bool = True) -> Message:
    return react(
        world.store,
        world.pusher,
        world.clock,
        actor_id=actor,
        thread_id=message.thread_id,
        message_id=message.message_id,
        emoji=emoji,
        adding=adding,
    )


def _reply(world: World, sender: str, thread: Thread, to: str, content: str = "re") -> Message:
    return send_message(
        world.store,
        world.pusher,
        world.clock,
        sender_id=sender,
        group_id=thread.group_id,
        thread_id=thread.thread_id,
        content=content,
        reply_to_message_id=to,
    )


def _frame(world: World, event: str, group_id: str, data: Any) -> dict[str, Any]:
    return {
        "event": event,
        "groupId": group_id,
        "seq": world.store.groups[group_id].seq,
        "data": data,
    }


def _latest(world: World, actor: str, thread: Thread) -> list[Message]:
    page = get_last_messages(world.store, actor_id=actor, thread_id=thread.thread_id)
    return list(page.items)


def test_the_sender_edits_and_the_group_hears_the_message_as_edited(world: World) -> None:
    # Given a message of a group of two, each connected
    sender, member = world.user(), world.user()
    thread = world.thread(world.group(sender, member), sender)
    message = world.message(thread, sender, "teh plan")
    listener = world.connect(member)
    now = world.clock.now
    # When the sender edits it
    edited = _edit(world, sender, message, "the plan")
    # Then it has the new content and editedAt, keeps its place, and the group heard it
    assert edited.content == "the plan"
    assert edited.edited_at == format_timestamp(now)
    assert (edited.message_id, edited.seq, edited.created_at) == (
        message.message_id,
        message.seq,
        message.created_at,
    )
    assert world.store.get_message(message.message_id) == edited
    assert world.pusher.frames_to(listener) == [
        _frame(world, MESSAGE_UPDATED, thread.group_id, to_record(edited))
    ]
    assert _latest(world, member, thread) == [edited]


def test_only_the_sender_edits_not_even_the_owner(world: World) -> None:
    owner, sender = world.user(), world.user()
    thread = world.thread(world.group(owner, sender), owner)
    message = world.message(thread, sender)
    with world.rejected(Forbidden, naming="sender"):
        _edit(world, owner, message)


@pytest.mark.parametrize(
    ("content", "error"),
    [("", BadRequest), (" \n ", BadRequest), ("€" * (MAX_CONTENT_BYTES // 3 + 1), TooLarge)],
)
def test_an_edit_follows_the_content_rules_of_a_send(
    world: World, content: str, error: type[BadRequest]
) -> None:
    sender = world.user()
    message = world.message(world.thread(world.group(sender), sender), sender)
    with world.rejected(error):
        _edit(world, sender, message, content)


def test_a_deleted_message_cannot_be_edited(world: World) -> None:
    sender = world.user()
    message = world.message(world.thread(world.group(sender), sender), sender)
    _delete(world, sender, message)
    with world.rejected(Conflict, naming="deleted"):
        _edit(world, sender, message)


@pytest.mark.parametrize("route", ["edit", "delete", "react"])
@pytest.mark.parametrize("naming", ["another thread", "a made-up message"])
def test_a_message_of_another_thread_is_not_found_like_a_made_up_one(
    world: World, route: str, naming: str
) -> None:
    # Given two threads of one group, and a message in the first
    sender = world.user()
    group = world.group(sender)
    first, second = world.thread(group, sender), world.thread(group, sender)
    message = world.message(first, sender)
    if naming == "another thread":
        target = replace(message, thread_id=second.thread_id)
    else:
        target = replace(message, message_id=new_ulid())
    # Then both get the same refusal, word for word
    steps = {
        "edit": lambda: _edit(world, sender, target),
        "delete": lambda: _delete(world, sender, target),
        "react": lambda: _react(world, sender, target, "👍"),
    }
    with world.rejected(NotFound, message="there is no such message in this thread"):
        steps[route]()


def test_outsiders_can_do_nothing_to_a_message(world: World) -> None:
    sender, outsider = world.user(), world.user()
    message = world.message(world.thread(world.group(sender), sender), sender)
    world.group(outsider)
    with world.rejected(Forbidden):
        _edit(world, outsider, message)
    with world.rejected(Forbidden):
        _delete(world, outsider, message)
    with world.rejected(Forbidden):
        _react(world, outsider, message, "👍")


def test_a_deletion_leaves_a_tombstone_in_place_and_tells_the_group(world: World) -> None:
    # Given a message with a reaction, between two others
    sender, member = world.user(), world.user()
    thread = world.thread(world.group(sender, member), sender)
    before = world.message(thread, member)
    message = world.message(thread, sender, "oops")
    after = world.message(thread, member)
    _react(world, member, message, "😮")
    listener = world.connect(member)
    now = world.clock.now
    # When the sender deletes it
    tomb = _delete(world, sender, message)
    # Then it is a tombstone where it was, and the group heard message.deleted
    assert (tomb.content, tomb.deleted_at, tomb.reactions) == ("", format_timestamp(now), ())
    assert _latest(world, member, thread) == [after, tomb, before]  # newest first
    assert world.pusher.frames_to(listener) == [
        _frame(
            world,
            MESSAGE_DELETED,
            thread.group_id,
            {
                "groupId": thread.group_id,
                "threadId": thread.thread_id,
                "messageId": message.message_id,
                "deletedAt": format_timestamp(now),
            },
        )
    ]
    # And deleting it again returns the tombstone and tells nobody anything
    assert _delete(world, sender, message) == tomb
    assert len(world.pusher.frames_to(listener)) == 1


@pytest.mark.parametrize(
    ("deleter", "allowed"), [("owner", True), ("admin", True), ("member", False)]
)
def test_who_may_delete_someone_elses_message(world: World, deleter: str, allowed: bool) -> None:
    people = {name: world.user() for name in ("owner", "admin", "member", "sender")}
    group = world.group(people["owner"], people["admin"], people["member"], people["sender"])
    world.promote(group, people["owner"], people["admin"])
    message = world.message(world.thread(group, people["owner"]), people["sender"])
    if allowed:
        assert _delete(world, people[deleter], message).deleted_at is not None
    else:
        with world.rejected(Forbidden, naming="admin"):
            _delete(world, people[deleter], message)


def test_reactions_are_counted_once_per_person_and_emoji(world: World) -> None:
    # Given a message and three members
    sender, ann, bob = world.user(), world.user(), world.user()
    thread = world.thread(world.group(sender, ann, bob), sender)
    message = world.message(thread, sender)
    listener = world.connect(sender)
    # When two react with 👍 (one twice) and one with 🎉
    _react(world, ann, message, "👍")
    _react(world, ann, message, "👍")
    _react(world, bob, message, "👍")
    reacted = _react(world, bob, message, "🎉")
    # Then each distinct reaction was counted and heard once
    assert reacted.reactions == (Reaction("👍", 2, (ann, bob)), Reaction("🎉", 1, (bob,)))
    assert [f["event"] for f in world.pusher.frames_to(listener)] == [REACTION_ADDED] * 3
    assert world.pusher.frames_to(listener)[0]["data"] == {
        "groupId": thread.group_id,
        "threadId": thread.thread_id,
        "messageId": message.message_id,
        "userId": ann,
        "emoji": "👍",
    }
    # When ann takes hers back, twice, and sender takes back one never given
    _react(world, ann, message, "👍", adding=False)
    _react(world, ann, message, "👍", adding=False)
    after = _react(world, sender, message, "🎉", adding=False)
    # Then one removal was counted and heard
    assert after.reactions == (Reaction("👍", 1, (bob,)), Reaction("🎉", 1, (bob,)))
    assert [f["event"] for f in world.pusher.frames_to(listener)][3:] == [REACTION_REMOVED]
    assert _latest(world, sender, world.store.threads[thread.thread_id]) == [after]


def test_a_message_takes_twenty_distinct_emoji(world: World) -> None:
    sender = world.user()
    message = world.message(world.thread(world.group(sender), sender), sender)
    for emoji in EMOJI[:MAX_REACTIONS_PER_MESSAGE]:
        _react(world, sender, message, emoji)
    with world.rejected(Conflict, naming="20"):
        _react(world, sender, message, EMOJI[MAX_REACTIONS_PER_MESSAGE])
    # An emoji already there still takes more people
    assert _react(world, sender, message, EMOJI[0], adding=False).reactions[0].emoji == EMOJI[1]


@pytest.mark.parametrize("emoji", ["", "ab", "👍👍", "x", "\u200d"])
def test_a_reaction_is_one_emoji(world: World, emoji: str) -> None:
    sender = world.user()
    message = world.message(world.thread(world.group(sender), sender), sender)
    with world.rejected(BadRequest):
        _react(world, sender, message, emoji)


def test_a_deleted_message_takes_no_reactions(world: World) -> None:
    sender = world.user()
    message = world.message(world.thread(world.group(sender), sender), sender)
    _delete(world, sender, message)
    with world.rejected(Conflict, naming="deleted"):
        _react(world, sender, message, "👍")


def test_a_reply_quotes_the_start_of_its_message_until_that_is_deleted(world: World) -> None:
    # Given a long message
    sender, member = world.user(), world.user()
    thread = world.thread(world.group(sender, member), sender)
    original = world.message(thread, sender, "ab" * 100)
    # When a member replies to it
    reply = _reply(world, member, thread, original.message_id)
    # Then the reply quotes its sender and first 140 characters
    assert reply.reply_to == ReplyTo(original.message_id, sender, "ab" * 70)
    assert world.store.get_message(reply.message_id) == reply
    # And once the original is deleted, the quote reads as deleted, without the excerpt
    _delete(world, sender, original)
    latest = _latest(world, member, thread)
    assert latest[0].reply_to == ReplyTo(original.message_id, sender, None, True)
    # And a reply to the tombstone quotes it as deleted
    late = _reply(world, member, thread, original.message_id)
    assert late.reply_to == ReplyTo(original.message_id, sender, None, True)


def test_a_reply_names_a_message_of_the_same_thread(world: World) -> None:
    sender = world.user()
    group = world.group(sender)
    first, second = world.thread(group, sender), world.thread(group, sender)
    message = world.message(first, sender)
    with world.rejected(NotFound):
        _reply(world, sender, second, message.message_id)
    with world.rejected(NotFound):
        _reply(world, sender, first, new_ulid())
    with world.rejected(BadRequest, naming="replyToMessageId"):
        _reply(world, sender, first, "not-an-id")
