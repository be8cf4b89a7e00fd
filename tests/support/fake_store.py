"""An in-memory Store with the semantics the Store port documents, for the unit tests.

It runs the same contract suite as the SQLite and DynamoDB stores (tests/contract), so the
service tests exercise real behaviour (orderings, cursors, idempotency, conflicts, seqs),
not canned answers.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from ourchat.domain.errors import Conflict, NotFound
from ourchat.domain.events import (
    GROUP_UPDATED,
    MEMBER_ADDED,
    MEMBER_REMOVED,
    MEMBER_UPDATED,
    MESSAGE_CREATED,
    MESSAGE_DELETED,
    MESSAGE_UPDATED,
    REACTION_ADDED,
    REACTION_REMOVED,
    THREAD_CREATED,
    THREAD_UPDATED,
    GroupEvent,
    MemberAdded,
    MemberRemoved,
    MemberUpdated,
    MessageDeleted,
    ReactionChanged,
    carries_message,
)
from ourchat.domain.limits import EVENT_RETENTION, search_key
from ourchat.domain.models import (
    Connection,
    Departure,
    Group,
    Invitation,
    Member,
    Membership,
    Message,
    Page,
    PublicProfile,
    ReadPointer,
    Role,
    Thread,
    User,
    changed,
)
from ourchat.domain.pagination import message_sort_key, page_of, sort_key, thread_sort_key
from ourchat.domain.reactions import (
    reply_to_deleted,
    tombstone,
    with_reaction_added,
    with_reaction_removed,
)
from ourchat.domain.records import to_record
from ourchat.ports.store import LoggedEvent

T = TypeVar("T")
G = TypeVar("G", Group, Thread)
RETENTION_SECONDS = int(EVENT_RETENTION.total_seconds())


@dataclass(frozen=True)
class _Logged:
    """A logged event: its data, or the id of the message it is read from."""

    name: str
    seq: int
    data: dict[str, Any] | None
    message_id: str | None
    expires_at: int


class FakeStore:
    """The Store port over dicts."""

    def __init__(self) -> None:
        self.users: dict[str, User] = {}
        self.groups: dict[str, Group] = {}
        self.memberships: dict[tuple[str, str], Membership] = {}
        self.invitations: dict[tuple[str, str], Invitation] = {}
        self.departures: dict[tuple[str, str], tuple[Departure, int]] = {}
        self.threads: dict[str, Thread] = {}
        self.messages: dict[str, Message] = {}
        # (senderUserId, clientMessageId) -> messageId of the original send.
        self.client_message_ids: dict[tuple[str, str], str] = {}
        self.events: dict[str, list[_Logged]] = {}
        self.connections: dict[tuple[str, str], Connection] = {}
        self.reactions: set[tuple[str, str, str]] = set()
        self.pointers: dict[tuple[str, str], ReadPointer] = {}
        # (userId, connectionId) -> expiresAt of each connection counted as live.
        self.presence: dict[tuple[str, str], int] = {}
        # connectionId -> the group it watches.
        self.watches: dict[str, str] = {}
        # (groupId, userId) -> (threadId, epoch ms) of the member's last typing passed on.
        self.typing: dict[tuple[str, str], tuple[str, int]] = {}

    def close(self) -> None:
        """Nothing to release."""

    def snapshot(self) -> dict[str, Any]:
        """Return a copy of every table, to compare the contents before and after a call."""
        return {
            name: dict(value) if isinstance(value, dict) else value
            for name, value in vars(self).items()
        }

    # Users

    def get_user(self, user_id: str) -> User | None:
        return self.users.get(user_id)

    def delete_user(self, user_id: str) -> None:
        self.users.pop(user_id, None)
        for key in [k for k in self.pointers if k[0] == user_id]:
            del self.pointers[key]
        for key in [k for k in self.presence if k[0] == user_id]:
            del self.presence[key]

    def put_user(self, user: User) -> User:
        existing = self.users.get(user.user_id)
        if existing is not None:
            user = replace(user, created_at=existing.created_at)
        self.users[user.user_id] = user
        return user

    def create_user_if_missing(self, user: User) -> User:
        return self.users.setdefault(user.user_id, user)

    def get_users(self, user_ids: list[str]) -> list[User]:
        return [self.users[u] for u in sorted(set(user_ids) & self.users.keys())]

    def find_users(self, query_key: str, limit: int) -> list[PublicProfile]:
        def name_key(user: User) -> str:
            return f"{search_key(user.user_name)}#{user.user_id}"

        by_name = sorted(
            (u for u in self.users.values() if name_key(u).startswith(query_key)), key=name_key
        )[:limit]
        by_id = sorted(
            (u for u in self.users.values() if search_key(u.user_id).startswith(query_key)),
            key=lambda u: search_key(u.user_id),
        )[:limit]
        found = {u.user_id: u for u in [*by_name, *by_id]}
        ordered = sorted(found.values(), key=name_key)[:limit]
        return [PublicProfile(u.user_id, u.user_name, u.profile_image_url) for u in ordered]

    # Groups

    def create_group(self, group: Group, owner: Membership) -> None:
        if group.group_id in self.groups:
            raise Conflict(f"group {group.group_id} exists already")
        self.groups[group.group_id] = group
        self.memberships[owner.group_id, owner.user_id] = owner

    def get_group(self, group_id: str) -> Group | None:
        return self.groups.get(group_id)

    def get_groups(self, group_ids: Sequence[str], *, consistent: bool = False) -> list[Group]:
        # Ascending ids (oldest first) on purpose: callers must not rely on any order.
        return [self.groups[group_id] for group_id in sorted(set(group_ids) & self.groups.keys())]

    def update_group(
        self, group_id: str, group_name: str | None, emoticon: str | None
    ) -> GroupEvent:
        group = self._group(group_id)
        updated = replace(
            group,
            group_name=group_name if group_name is not None else group.group_name,
            emoticon=changed(group.emoticon, emoticon),
            seq=group.seq + 1,
        )
        self.groups[group_id] = replace(updated, seq=group.seq)  # _log moves the seq on
        return self._log(GroupEvent(GROUP_UPDATED, group_id, updated))[0]

    # Memberships

    def add_membership(
        self, membership: Membership, invitation: Invitation | None = None
    ) -> GroupEvent:
        group = self._group(membership.group_id)
        key = (membership.group_id, membership.user_id)
        if key in self.memberships:
            raise Conflict(f"user {membership.user_id!r} is a member of this group already")
        if invitation is not None and self.invitations.pop(key, None) is None:
            raise NotFound("the invitation is gone")
        added = MemberAdded(membership.group_id, membership.user_id, membership.role)
        self.memberships[key] = replace(membership, joined_seq=group.seq + 1)
        return self._log(GroupEvent(MEMBER_ADDED, membership.group_id, added))[0]

    def get_membership(self, group_id: str, user_id: str) -> Membership | None:
        return self.memberships.get((group_id, user_id))

    def list_memberships_of_user(self, user_id: str) -> list[Membership]:
        return [m for (_, member_id), m in self.memberships.items() if member_id == user_id]

    def get_memberships_of(self, user_id: str, group_ids: Sequence[str]) -> list[Membership]:
        # Descending ids on purpose: callers must not rely on any order.
        found = (self.memberships.get((g, user_id)) for g in sorted(set(group_ids), reverse=True))
        return [m for m in found if m is not None]

    def list_members(self, group_id: str, *, after_key: str | None, limit: int) -> Page[Member]:
        rows = sorted(
            (
                m
                for (g, u), m in self.memberships.items()
                if g == group_id and u > (after_key or "")
            ),
            key=lambda m: m.user_id,
        )[: limit + 1]
        members = []
        for m in rows:
            user = self.users.get(m.user_id)
            name = user.user_name if user else m.user_id
            picture = user.profile_image_url if user else None
            members.append(Member(m.user_id, name, m.role, m.joined_at, picture))
        return page_of(members, limit, lambda member: member.user_id)

    def has_other_members(self, group_id: str, user_id: str) -> bool:
        return any(g == group_id and u != user_id for g, u in self.memberships)

    def set_role(self, group_id: str, owner_id: str, user_id: str, role: Role) -> GroupEvent:
        owner = self.memberships.get((group_id, owner_id))
        if owner is None or owner.role is not Role.OWNER:
            raise Conflict(f"{owner_id} is not the owner of this group")
        membership = self._member(group_id, user_id)
        if membership.role is Role.OWNER:
            raise Conflict("the owner's role changes only by handing ownership on")
        self.memberships[group_id, user_id] = replace(membership, role=role)
        return self._log(
            GroupEvent(MEMBER_UPDATED, group_id, MemberUpdated(group_id, user_id, role))
        )[0]

    def transfer_ownership(
        self, group_id: str, owner_id: str, new_owner_id: str
    ) -> list[GroupEvent]:
        owner = self._member(group_id, owner_id)
        newcomer = self._member(group_id, new_owner_id)
        if owner.role is not Role.OWNER:
            raise Conflict(f"{owner_id} is not the owner of this group")
        self.memberships[group_id, new_owner_id] = replace(newcomer, role=Role.OWNER)
        self.memberships[group_id, owner_id] = replace(owner, role=Role.ADMIN)
        return self._log(
            GroupEvent(MEMBER_UPDATED, group_id, MemberUpdated(group_id, new_owner_id, Role.OWNER)),
            GroupEvent(MEMBER_UPDATED, group_id, MemberUpdated(group_id, owner_id, Role.ADMIN)),
        )

    def remove_membership(
        self, group_id: str, user_id: str, *, reason: str, departed_at: str
    ) -> GroupEvent:
        membership = self._member(group_id, user_id)
        del self.memberships[group_id, user_id]
        removed = MemberRemoved(group_id, user_id, reason)
        [event] = self._log(GroupEvent(MEMBER_REMOVED, group_id, removed))
        departure = Departure(
            group_id, user_id, event.seq, membership.joined_seq, reason, departed_at
        )
        self.departures[group_id, user_id] = (departure, int(time.time()) + RETENTION_SECONDS)
        return event

    def get_departure(
        self, group_id: str, user_id: str, now_epoch_seconds: int
    ) -> Departure | None:
        kept = self.departures.get((group_id, user_id))
        return kept[0] if kept is not None and kept[1] > now_epoch_seconds else None

    # Invitations

    def put_invitation(self, invitation: Invitation) -> Invitation:
        self.invitations[invitation.group_id, invitation.user_id] = invitation
        return invitation

    def get_invitation(self, group_id: str, user_id: str, now: str) -> Invitation | None:
        invitation = self.invitations.get((group_id, user_id))
        return invitation if invitation is not None and invitation.expires_at > now else None

    def list_invitations(
        self, user_id: str, now: str, *, before_key: str | None, limit: int
    ) -> Page[Invitation]:
        live = [i for (_, u), i in self.invitations.items() if u == user_id and i.expires_at > now]
        return _page(live, lambda i: sort_key(i.created_at, i.group_id), before_key, limit)

    def delete_invitation(self, group_id: str, user_id: str) -> None:
        self.invitations.pop((group_id, user_id), None)

    # Threads

    def create_thread(self, thread: Thread) -> GroupEvent:
        self._group(thread.group_id)
        if thread.thread_id in self.threads:
            raise Conflict(f"thread {thread.thread_id} exists already")
        self.threads[thread.thread_id] = thread
        return self._log(GroupEvent(THREAD_CREATED, thread.group_id, thread))[0]

    def get_thread(self, thread_id: str) -> Thread | None:
        return self.threads.get(thread_id)

    def update_thread(
        self, thread_id: str, thread_name: str | None, color: str | None
    ) -> GroupEvent:
        thread = self.threads.get(thread_id)
        if thread is None:
            raise NotFound(f"there is no thread {thread_id}")
        updated = replace(
            thread,
            thread_name=thread_name if thread_name is not None else thread.thread_name,
            color=changed(thread.color, color),
        )
        self.threads[thread_id] = updated
        return self._log(GroupEvent(THREAD_UPDATED, thread.group_id, updated))[0]

    def list_threads_by_group(
        self, group_id: str, *, before_key: str | None, limit: int
    ) -> Page[Thread]:
        threads = [t for t in self.threads.values() if t.group_id == group_id]
        return _page(threads, thread_sort_key, before_key, limit)

    # Messages

    def append_message(self, message: Message) -> Message:
        # A retry returns its original whatever thread it names, like both real adapters.
        idempotency_key = (message.sender_user_id, message.client_message_id or "")
        if message.client_message_id is not None and idempotency_key in self.client_message_ids:
            return self.messages[self.client_message_ids[idempotency_key]]
        thread = self.threads.get(message.thread_id)
        if thread is None or thread.group_id != message.group_id:
            raise NotFound(f"there is no thread {message.thread_id} in group {message.group_id}")
        existing = self.messages.get(message.message_id)
        if existing is not None:
            # The very message again (a lost reply, retried) is a no-op, as in both adapters.
            if replace(existing, seq=message.seq) == message:
                return existing
            raise Conflict(f"message {message.message_id} exists already")
        group = self.groups[message.group_id]
        seq = group.seq + 1
        stored = replace(message, seq=seq)
        if message.client_message_id is not None:
            self.client_message_ids[idempotency_key] = message.message_id
        self.messages[message.message_id] = stored
        self.threads[thread.thread_id] = _replace_last_message_at(thread, message.created_at)
        self.groups[group.group_id] = replace(
            _replace_last_message_at(group, message.created_at), seq=seq
        )
        return stored

    def list_messages(
        self, group_id: str, thread_id: str, *, before_key: str | None, limit: int
    ) -> Page[Message]:
        messages = [
            m for m in self.messages.values() if (m.group_id, m.thread_id) == (group_id, thread_id)
        ]
        return _page(messages, message_sort_key, before_key, limit)

    def get_message(self, message_id: str) -> Message | None:
        return self.messages.get(message_id)

    def edit_message(self, message_id: str, content: str, edited_at: str) -> GroupEvent:
        message = self._message(message_id)
        if message.deleted_at is not None:
            raise Conflict("a deleted message cannot be edited")
        edited = replace(message, content=content, edited_at=edited_at)
        self.messages[message_id] = edited
        return self._log(GroupEvent(MESSAGE_UPDATED, edited.group_id, edited))[0]

    def delete_message(self, message_id: str, deleted_at: str) -> GroupEvent | None:
        message = self._message(message_id)
        if message.deleted_at is not None:
            return None
        self.messages[message_id] = tombstone(message, deleted_at)
        self.reactions = {r for r in self.reactions if r[0] != message_id}
        for reply in list(self.messages.values()):
            if reply.reply_to is not None and reply.reply_to.message_id == message_id:
                marked = replace(reply, reply_to=reply_to_deleted(reply.reply_to))
                self.messages[reply.message_id] = marked
        deleted = MessageDeleted(message.group_id, message.thread_id, message_id, deleted_at)
        return self._log(GroupEvent(MESSAGE_DELETED, message.group_id, deleted))[0]

    def add_reaction(self, message_id: str, user_id: str, emoji: str) -> GroupEvent | None:
        message = self._message(message_id)
        if (message_id, emoji, user_id) in self.reactions:
            return None
        self.messages[message_id] = with_reaction_added(message, emoji, user_id)
        self.reactions.add((message_id, emoji, user_id))
        changed = ReactionChanged(message.group_id, message.thread_id, message_id, user_id, emoji)
        return self._log(GroupEvent(REACTION_ADDED, message.group_id, changed))[0]

    def remove_reaction(self, message_id: str, user_id: str, emoji: str) -> GroupEvent | None:
        message = self._message(message_id)
        if (message_id, emoji, user_id) not in self.reactions:
            return None
        self.reactions.discard((message_id, emoji, user_id))
        others = self.reactors(message_id, emoji)
        self.messages[message_id] = with_reaction_removed(message, emoji, user_id, others)
        changed = ReactionChanged(message.group_id, message.thread_id, message_id, user_id, emoji)
        return self._log(GroupEvent(REACTION_REMOVED, message.group_id, changed))[0]

    def reactors(self, message_id: str, emoji: str) -> list[str]:
        return sorted(u for m, e, u in self.reactions if (m, e) == (message_id, emoji))

    # History

    def read_events(
        self, group_id: str, *, after_seq: int, limit: int, now_epoch_seconds: int
    ) -> list[LoggedEvent]:
        logged = [
            e
            for e in self.events.get(group_id, [])
            if e.seq > after_seq and e.expires_at > now_epoch_seconds
        ]
        created = [
            _Logged(MESSAGE_CREATED, m.seq, None, m.message_id, 0)
            for m in self.messages.values()
            if m.group_id == group_id and m.seq is not None and m.seq > after_seq
        ]
        chosen = sorted([*logged, *created], key=lambda e: e.seq)[:limit]
        return [
            LoggedEvent(
                e.name,
                group_id,
                e.seq,
                to_record(self.messages[e.message_id]) if e.message_id else dict(e.data or {}),
            )
            for e in chosen
        ]

    # Connections

    # Read state

    def mark_read(self, pointer: ReadPointer) -> ReadPointer:
        stored = self.pointers.get((pointer.user_id, pointer.thread_id))
        if stored is None or stored.read_key < pointer.read_key:
            self.pointers[pointer.user_id, pointer.thread_id] = pointer
            return pointer
        return stored

    def read_pointers(self, user_id: str, thread_ids: Sequence[str]) -> list[ReadPointer]:
        found = (self.pointers.get((user_id, t)) for t in sorted(set(thread_ids)))
        return [p for p in found if p is not None]

    def unread_in_threads(
        self,
        user_id: str,
        threads: Sequence[Thread],
        floor: str,
        cap: int,
        pointers: Sequence[ReadPointer] | None = None,
    ) -> dict[str, int]:
        if pointers is None:
            pointers = self.read_pointers(user_id, [t.thread_id for t in threads])
        by_thread = {p.thread_id: p for p in pointers}
        counts: dict[str, int] = {}
        for thread in threads:
            pointer = by_thread.get(thread.thread_id)
            after = max(floor, pointer.read_key) if pointer is not None else floor
            unread = [
                m
                for m in self.messages.values()
                if m.thread_id == thread.thread_id
                and m.group_id == thread.group_id
                and message_sort_key(m) > after
                and m.sender_user_id != user_id
                and m.deleted_at is None
            ]
            counts[thread.thread_id] = min(cap, len(unread))
        return counts

    def unread_in_group(
        self, user_id: str, group_id: str, floor: str, cap: int, threads: int
    ) -> int:
        active = sorted(
            (t for t in self.threads.values() if t.group_id == group_id),
            key=thread_sort_key,
            reverse=True,
        )
        active = [t for t in active if thread_sort_key(t) > floor][:threads]
        return min(cap, sum(self.unread_in_threads(user_id, active, floor, cap).values()))

    # Presence and typing

    def _live(self, user_id: str, now: int) -> list[str]:
        return [c for (u, c), exp in self.presence.items() if u == user_id and exp > now]

    def come_online(self, connection: Connection, now_epoch_seconds: int) -> bool:
        # Like both adapters, a user's expired entries are pruned when they connect.
        for key, expires_at in list(self.presence.items()):
            if key[0] == connection.user_id and expires_at <= now_epoch_seconds:
                del self.presence[key]
        before = self._live(connection.user_id, now_epoch_seconds)
        self.presence[connection.user_id, connection.connection_id] = connection.expires_at
        return not before

    def go_offline(self, user_id: str, connection_id: str, now_epoch_seconds: int) -> bool:
        if self.presence.pop((user_id, connection_id), None) is None:
            return False
        return not self._live(user_id, now_epoch_seconds)

    def online_users(self, user_ids: Sequence[str], now_epoch_seconds: int) -> set[str]:
        return {u for u in user_ids if self._live(u, now_epoch_seconds)}

    def watch_presence(self, user_id: str, connection_id: str, group_id: str | None) -> None:
        if (user_id, connection_id) not in self.connections:
            raise NotFound("this connection is not one of yours")
        if group_id is None:
            self.watches.pop(connection_id, None)
        else:
            self.watches[connection_id] = group_id

    def presence_watchers(self, group_id: str, now_epoch_seconds: int) -> list[Connection]:
        found = [
            c
            for (u, cid), c in self.connections.items()
            if self.watches.get(cid) == group_id
            and (group_id, u) in self.memberships
            and c.expires_at > now_epoch_seconds
        ]
        return sorted(found, key=lambda c: c.connection_id)

    def note_typing(
        self,
        group_id: str,
        user_id: str,
        thread_id: str,
        now_ms: int,
        repeat_ms: int,
        switch_ms: int,
    ) -> bool:
        if (group_id, user_id) not in self.memberships:
            return False
        last = self.typing.get((group_id, user_id))
        if last is not None:
            window = repeat_ms if last[0] == thread_id else switch_ms
            if last[1] > now_ms - window:
                return False
        self.typing[group_id, user_id] = (thread_id, now_ms)
        return True

    def put_connection(self, connection: Connection) -> None:
        self.connections[connection.user_id, connection.connection_id] = connection

    def delete_connection(self, user_id: str, connection_id: str) -> None:
        if self.connections.pop((user_id, connection_id), None) is not None:
            self.watches.pop(connection_id, None)

    def connections_of_user(self, user_id: str, now_epoch_seconds: int) -> list[Connection]:
        live = [
            c
            for (owner, _), c in self.connections.items()
            if owner == user_id and c.expires_at > now_epoch_seconds
        ]
        return sorted(live, key=lambda connection: connection.connection_id)

    def connections_for_group(self, group_id: str, now_epoch_seconds: int) -> list[Connection]:
        members = {user_id for (member_of, user_id) in self.memberships if member_of == group_id}
        # Live means expiresAt > now, as in both real adapters (DynamoDB filter, SQLite WHERE).
        live = [
            c
            for c in self.connections.values()
            if c.user_id in members and c.expires_at > now_epoch_seconds
        ]
        return sorted(live, key=lambda connection: connection.connection_id)

    # Helpers

    def _group(self, group_id: str) -> Group:
        group = self.groups.get(group_id)
        if group is None:
            raise NotFound(f"there is no group {group_id}")
        return group

    def _message(self, message_id: str) -> Message:
        message = self.messages.get(message_id)
        if message is None:
            raise NotFound(f"there is no message {message_id}")
        return message

    def _member(self, group_id: str, user_id: str) -> Membership:
        membership = self.memberships.get((group_id, user_id))
        if membership is None:
            raise NotFound(f"{user_id} is not a member of this group")
        return membership

    def _log(self, *events: GroupEvent) -> list[GroupEvent]:
        group = self._group(events[0].group_id)
        expires_at = int(time.time()) + RETENTION_SECONDS
        numbered = [replace(e, seq=group.seq + 1 + i) for i, e in enumerate(events)]
        log = self.events.setdefault(group.group_id, [])
        for event in numbered:
            if carries_message(event.name):
                message_id = getattr(event.payload, "message_id", None)
                log.append(_Logged(event.name, event.seq, None, message_id, expires_at))
            else:
                data = json.loads(json.dumps(to_record(event.payload)))
                log.append(_Logged(event.name, event.seq, data, None, expires_at))
        self.groups[group.group_id] = replace(self.groups[group.group_id], seq=numbered[-1].seq)
        return numbered


def _page(rows: list[T], key_of: Callable[[T], str], before_key: str | None, limit: int) -> Page[T]:
    ordered = sorted(rows, key=key_of, reverse=True)
    if before_key is not None:
        ordered = [row for row in ordered if key_of(row) < before_key]
    return page_of(ordered[: limit + 1], limit, key_of)


def _replace_last_message_at(entity: G, created_at: str) -> G:
    # lastMessageAt only grows: a late, older message must not move a thread back in the list.
    return replace(entity, last_message_at=max(entity.last_message_at, created_at))
