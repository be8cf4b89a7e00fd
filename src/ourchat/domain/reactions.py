"""How a message's reactions and replies change: the rules every store applies alike.

A message carries each emoji people reacted with, how many did, and up to ten of them:
the first ten to react, or, when one of those takes it back, the next by user id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ourchat.domain.errors import Conflict
from ourchat.domain.limits import MAX_REACTION_USER_IDS, MAX_REACTIONS_PER_MESSAGE
from ourchat.domain.models import Message, Reaction, ReplyTo


def with_reaction_added(message: Message, emoji: str, user_id: str) -> Message:
    """The message once the user's reaction is counted (the caller checked it is new).

    Raises:
        Conflict: The message is deleted, or has 20 distinct emoji and this one is new.
    """
    if message.deleted_at is not None:
        raise Conflict("a deleted message takes no reactions")
    reactions = list(message.reactions)
    for index, reaction in enumerate(reactions):
        if reaction.emoji == emoji:
            names = reaction.user_ids
            if len(names) < MAX_REACTION_USER_IDS:
                names = (*names, user_id)
            reactions[index] = Reaction(emoji, reaction.count + 1, names)
            return replace(message, reactions=tuple(reactions))
    if len(reactions) >= MAX_REACTIONS_PER_MESSAGE:
        raise Conflict(f"a message takes at most {MAX_REACTIONS_PER_MESSAGE} different emoji")
    return replace(message, reactions=(*reactions, Reaction(emoji, 1, (user_id,))))


def with_reaction_removed(
    message: Message, emoji: str, user_id: str, others: Sequence[str]
) -> Message:
    """The message once the user's reaction is taken back (the caller checked it exists).

    Args:
        others: Every user still reacting with the emoji, by id: one of them takes the
            leaver's place among the ten named, if there is one not named yet.
    """
    reactions = []
    for reaction in message.reactions:
        if reaction.emoji != emoji:
            reactions.append(reaction)
            continue
        if reaction.count <= 1:
            continue
        names = tuple(name for name in reaction.user_ids if name != user_id)
        if len(names) < len(reaction.user_ids):
            named = set(names)
            names += tuple(o for o in others if o not in named and o != user_id)[:1]
        reactions.append(Reaction(emoji, reaction.count - 1, names))
    return replace(message, reactions=tuple(reactions))


def tombstone(message: Message, deleted_at: str) -> Message:
    """What is left of a deleted message: its place, its sender and when it went."""
    return replace(message, content="", deleted_at=deleted_at, reactions=(), reply_to=None)


def reply_to_deleted(reply_to: ReplyTo) -> ReplyTo:
    """A reply's quote once the message it answers is deleted: the excerpt goes."""
    return ReplyTo(reply_to.message_id, reply_to.sender_user_id, None, True)
