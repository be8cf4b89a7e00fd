"""Use cases of presence and typing: who is online in a group, and who is typing."""

from __future__ import annotations

from ourchat.domain.events import TYPING, Typing
from ourchat.domain.limits import TYPING_REPEAT, TYPING_SWITCH
from ourchat.ports.clock import Clock
from ourchat.ports.pusher import Pusher
from ourchat.ports.store import Store
from ourchat.services.access import require_member, require_thread_access
from ourchat.services.fanout import publish


def watch_presence(store: Store, *, user_id: str, connection_id: str, group_id: str | None) -> None:
    """Make this connection receive presence.changed for one group's members (None: stop).

    One group per connection: watching another replaces it. The watch ends with the
    connection, or with the caller's membership.

    Raises:
        BadRequest: The group id is malformed.
        Forbidden: The caller is not a member of the group.
        NotFound: The connection is not subscribed to the group yet (it joined after
            connecting on a store that subscribes at connect time).
    """
    if group_id is not None:
        require_member(store, group_id, user_id)
    store.watch_presence(user_id, connection_id, group_id)


def typing(store: Store, pusher: Pusher, clock: Clock, *, user_id: str, thread_id: str) -> None:
    """Tell the thread's group that the caller is typing in it.

    Not kept, and not numbered: the other members' live connections get `typing` at most once
    per second per member, and a thread typed in again within 3 s is not passed on again
    (unless the member typed in another one since); the rest is dropped here.

    Raises:
        BadRequest: The thread id is malformed.
        Forbidden: The caller is not a member of the thread's group.
    """
    thread, _ = require_thread_access(store, thread_id, user_id)
    now_ms = int(clock().timestamp() * 1000)
    repeat_ms = int(TYPING_REPEAT.total_seconds() * 1000)
    switch_ms = int(TYPING_SWITCH.total_seconds() * 1000)
    if store.note_typing(thread.group_id, user_id, thread_id, now_ms, repeat_ms, switch_ms):
        event = Typing(thread.group_id, thread_id, user_id)
        publish(store, pusher, clock, thread.group_id, TYPING, event, except_user=user_id)
