"""Contract of the Store port: edits, tombstones, reactions and replies of messages."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import replace

import pytest

from ourchat.domain.errors import Conflict, NotFound
from ourchat.domain.events import (
    MESSAGE_DELETED,
    MESSAGE_UPDATED,
    REACTION_ADDED,
    REACTION_REMOVED,
    MessageDeleted,
    ReactionChanged,
)
from ourchat.domain.ids import new_ulid
from ourchat.domain.limits import MAX_REACTION_USER_IDS, MAX_REACTIONS_PER_MESSAGE, excerpt_of
from ourchat.domain.models import Message, Reaction, ReplyTo
from ourchat.domain.records import to_record
from ourchat.ports.store import Store
from tests.support.builders import Room, a_message, at, future_epoch, user_id

EMOJI = ["🎉", "👍", "😀", "❤️", "🔥", "🙏", "😂", "😮", "😢", "👀", "✅", "🚀", "💯", "🤔",
         "👏", "🙌", "😎", "🥳", "🍕", "☕", "🌟"]  # fmt: skip


def sent(store: Store, room: Room, content: str = "hello") -> Message:
    return store.append_message(
        replace(a_message(room.thread, room.owner, created_at=at(5)), content=content)
    )


def test_an_edit_replaces_the_content_and_is_logged_with_the_message_as_edited(
    store: Store, room: Room
) -> None:
    message = sent(store, room)

    event = store.edit_message(message.message_id, "fixed", at(9))

    edited = replace(message, content="fixed", edited_at=at(9))
    assert (event.name, event.seq, event.payload) == (MESSAGE_UPDATED, message.seq + 1, edited)  # type: ignore[operator]
    assert store.get_message(message.message_id) == edited
    [logged] = store.read_events(
        room.group.group_id, after_seq=message.seq or 0, limit=5, now_epoch_seconds=future_epoch()
    )
    assert (logged.name, logged.data) == (MESSAGE_UPDATED, to_record(edited))
    with pytest.raises(NotFound):
        store.edit_message(new_ulid(), "x", at(9))


def test_a_deleted_message_is_a_tombstone_in_its_place(store: Store, room: Room) -> None:
    # Given a message with a reaction, and a later one
    message = sent(store, room)
    store.add_reaction(message.message_id, room.owner, "🎉")
    later = store.append_message(a_message(room.thread, room.owner, created_at=at(6)))

    # When it is deleted
    event = store.delete_message(message.message_id, at(9))

    # Then it keeps its place and id, without content, reactions or edits, and it is logged
    assert event is not None
    assert event.name == MESSAGE_DELETED
    assert event.payload == MessageDeleted(
        room.group.group_id, room.thread.thread_id, message.message_id, at(9)
    )
    tomb = replace(message, content="", deleted_at=at(9))
    assert store.get_message(message.message_id) == tomb
    page = store.list_messages(room.group.group_id, room.thread.thread_id, before_key=None, limit=5)
    assert list(page.items) == [later, tomb]
    assert store.reactors(message.message_id, "🎉") == []
    # And deleting it again changes nothing; editing it is a conflict
    assert store.delete_message(message.message_id, at(10)) is None
    assert store.get_message(message.message_id) == tomb
    with pytest.raises(Conflict):
        store.edit_message(message.message_id, "back", at(11))
    with pytest.raises(Conflict):
        store.add_reaction(message.message_id, room.owner, "👍")
    # And the history reads it as it is now
    logged = store.read_events(
        room.group.group_id, after_seq=0, limit=10, now_epoch_seconds=future_epoch()
    )
    created = [e for e in logged if e.seq == message.seq]
    assert created[0].data == to_record(tomb)


def test_a_reply_quotes_its_message_until_that_is_deleted(store: Store, room: Room) -> None:
    original = sent(store, room, content="x" * 200)
    quote = ReplyTo(original.message_id, original.sender_user_id, excerpt_of(original.content))
    reply = store.append_message(
        replace(a_message(room.thread, user_id(), created_at=at(7)), reply_to=quote)
    )
    assert store.get_message(reply.message_id) == reply
    assert reply.reply_to is not None
    assert reply.reply_to.excerpt == "x" * 140
    store.add_reaction(reply.message_id, room.owner, "👍")
    reacted = store.get_message(reply.message_id)
    assert reacted is not None

    store.delete_message(original.message_id, at(9))

    # The quote goes; the rest of the reply, its reactions too, stays as it was
    marked = store.get_message(reply.message_id)
    assert marked == replace(
        reacted, reply_to=ReplyTo(original.message_id, original.sender_user_id, None, True)
    )


def test_a_deletion_marks_every_reply_and_drops_every_reaction(store: Store, room: Room) -> None:
    # Given a message with 60 replies and 60 reactions: more than one transaction holds
    original = sent(store, room)
    quote = ReplyTo(original.message_id, original.sender_user_id, excerpt_of(original.content))
    replies = [
        store.append_message(
            replace(a_message(room.thread, room.owner, created_at=at(6)), reply_to=quote)
        )
        for _ in range(60)
    ]
    reactors = [f"fan-{n:02}" for n in range(60)]
    for reactor in reactors:
        store.add_reaction(original.message_id, reactor, "🎉")
    # When it is deleted
    store.delete_message(original.message_id, at(9))
    # Then every reply quotes it as deleted, and no reaction of it is left
    for reply in replies:
        marked = store.get_message(reply.message_id)
        assert marked is not None
        assert marked.reply_to == ReplyTo(original.message_id, original.sender_user_id, None, True)
    assert store.reactors(original.message_id, "🎉") == []


def test_reactions_count_each_user_once_per_emoji(store: Store, room: Room) -> None:
    message = sent(store, room)
    ann, bob = user_id(), user_id()

    added = store.add_reaction(message.message_id, ann, "🎉")
    assert store.add_reaction(message.message_id, ann, "🎉") is None  # again: nothing
    store.add_reaction(message.message_id, bob, "🎉")
    store.add_reaction(message.message_id, bob, "👍")

    assert added is not None
    assert (added.name, added.payload) == (
        REACTION_ADDED,
        ReactionChanged(room.group.group_id, room.thread.thread_id, message.message_id, ann, "🎉"),
    )
    stored = store.get_message(message.message_id)
    assert stored is not None
    assert stored.reactions == (Reaction("🎉", 2, (ann, bob)), Reaction("👍", 1, (bob,)))
    assert store.reactors(message.message_id, "🎉") == sorted([ann, bob])
    # Taking back: one's own only; the last one takes the emoji away
    assert store.remove_reaction(message.message_id, ann, "👍") is None
    removed = store.remove_reaction(message.message_id, bob, "👍")
    assert removed is not None
    assert removed.name == REACTION_REMOVED
    stored = store.get_message(message.message_id)
    assert stored is not None
    assert stored.reactions == (Reaction("🎉", 2, (ann, bob)),)


def test_a_message_names_ten_of_those_who_reacted(store: Store, room: Room) -> None:
    message = sent(store, room)
    users = [f"user-{n:02d}" for n in range(12)]
    for user in users:
        store.add_reaction(message.message_id, user, "👍")
    stored = store.get_message(message.message_id)
    assert stored is not None
    assert stored.reactions == (Reaction("👍", 12, tuple(users[:10])),)
    # When one of the ten takes it back, the next by id takes the place
    store.remove_reaction(message.message_id, users[3], "👍")
    stored = store.get_message(message.message_id)
    assert stored is not None
    assert stored.reactions == (Reaction("👍", 11, (*users[:3], *users[4:10], users[10])),)


def test_at_most_twenty_different_emoji(store: Store, room: Room) -> None:
    message = sent(store, room)
    for emoji in EMOJI[:MAX_REACTIONS_PER_MESSAGE]:
        store.add_reaction(message.message_id, room.owner, emoji)
    with pytest.raises(Conflict):
        store.add_reaction(message.message_id, room.owner, EMOJI[MAX_REACTIONS_PER_MESSAGE])
    store.add_reaction(message.message_id, user_id(), EMOJI[0])  # an existing one: fine
    stored = store.get_message(message.message_id)
    assert stored is not None
    assert len(stored.reactions) == MAX_REACTIONS_PER_MESSAGE


def _race(*steps: Callable[[], object]) -> list[BaseException]:
    """Run the steps on threads at once; return what they raised."""
    errors: list[BaseException] = []
    start = threading.Barrier(len(steps))

    def run(step: Callable[[], object]) -> None:
        start.wait(timeout=60)
        try:
            step()
        except BaseException as error:
            errors.append(error)

    workers = [threading.Thread(target=run, args=(step,)) for step in steps]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    return errors


def test_two_editors_and_a_deleter_leave_one_whole_outcome(store: Store, room: Room) -> None:
    # Given a message edited twice and deleted, all at once
    message = sent(store, room)
    errors = _race(
        lambda: store.edit_message(message.message_id, "first", at(6)),
        lambda: store.edit_message(message.message_id, "second", at(7)),
        lambda: store.delete_message(message.message_id, at(8)),
    )
    # Then the deletion won: only edits that came after it were refused, as conflicts
    assert all(isinstance(e, Conflict) for e in errors), errors
    stored = store.get_message(message.message_id)
    assert stored == replace(
        message, content="", deleted_at=at(8), edited_at=stored.edited_at if stored else None
    )
    # And the history logged one deletion, and an update per edit that went through
    logged = store.read_events(
        room.group.group_id, after_seq=message.seq or 0, limit=10, now_epoch_seconds=future_epoch()
    )
    assert [e.name for e in logged].count(MESSAGE_DELETED) == 1
    assert [e.name for e in logged].count(MESSAGE_UPDATED) == 2 - len(errors)


def test_a_reaction_storm_ends_with_counts_equal_to_the_reactions(store: Store, room: Room) -> None:
    # Given 25 users on two connections each, adding and taking back reactions at once
    message = sent(store, room)
    users = [f"storm-{n:02}" for n in range(25)]

    def storm(user: str, keep: bool) -> None:
        for emoji in ("🎉", "👍"):
            store.add_reaction(message.message_id, user, emoji)
        store.remove_reaction(message.message_id, user, "👍")
        if not keep:
            store.remove_reaction(message.message_id, user, "🎉")

    errors = _race(
        *(
            functools.partial(storm, user, n % 2 == 0)
            for n, user in enumerate(users)
            for _connection in range(2)
        )
    )

    # Then no count was lost: the message's counts are the reaction items that remain
    assert errors == []
    stored = store.get_message(message.message_id)
    assert stored is not None
    keepers = store.reactors(message.message_id, "🎉")
    assert keepers == sorted(users[0::2])
    counts = {r.emoji: r for r in stored.reactions}
    assert counts["🎉"].count == len(keepers)
    assert set(counts["🎉"].user_ids) <= set(keepers)
    assert len(counts["🎉"].user_ids) == MAX_REACTION_USER_IDS
    thumbs = store.reactors(message.message_id, "👍")
    assert ("👍" in counts and counts["👍"].count == len(thumbs)) or thumbs == []
