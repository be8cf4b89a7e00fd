"""Use case `sync`: the events a client missed, group by group, from the seq it has.

A client keeps, per group, the seq of the last event it applied. After a reconnect it asks
for everything after it; the answer is gap-free per group (or the group is listed in
`resets` for the client to load again), so nothing said while it was away is lost.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ourchat.domain.errors import BadRequest
from ourchat.domain.limits import (
    MAX_PAGE_BYTES,
    MAX_SYNC_GROUPS,
    check_after_seq,
    check_entity_id,
    check_sync_limit,
)
from ourchat.domain.models import Group, Membership
from ourchat.domain.pagination import decode_sync_cursor, sync_cursor
from ourchat.ports.clock import Clock
from ourchat.ports.store import LoggedEvent, Store

# A message committed a moment ago may not be in the history's index yet (DynamoDB's
# ByGroupSeq is eventually consistent); a gap is read again once after this pause. One pause
# per request is enough: every event it wants was committed before the request read its
# groups, so after the first pause a later group's gap is read again at once.
GAP_RETRY_SECONDS = 0.25
# Room left in the reply for its envelope and cursor, and per group listed in `resets`.
ENVELOPE_BYTES = 1024
RESET_BYTES = 32


@dataclass
class SyncResult:
    """The events (frames as pushed), where to continue, and the groups to load again."""

    events: list[dict[str, Any]] = field(default_factory=list)
    next_cursor: str | None = None
    resets: list[str] = field(default_factory=list)
    size: int = ENVELOPE_BYTES

    def fits(self, frame_size: int) -> bool:
        """Whether one more frame keeps the reply within a frame's budget (the first always
        does, so paging makes progress)."""
        total = self.size + frame_size + RESET_BYTES * len(self.resets)
        return not self.events or total <= MAX_PAGE_BYTES


@dataclass(frozen=True, slots=True)
class _Window:
    """The seqs of a group the caller may be sent: `first` to `last`, both included."""

    first: int
    last: int


def sync(
    store: Store,
    clock: Clock,
    *,
    user_id: str,
    positions: Sequence[tuple[str, int]],
    limit: int | None = None,
    cursor: str | None = None,
    pause: Callable[[float], None] = time.sleep,
) -> SyncResult:
    """Return the caller's missed events of the named groups, by groupId then seq.

    A member gets every event after `afterSeq`; one who left or was removed gets those up
    to their `member.removed` and nothing after. A group is listed in `resets` instead when
    the caller cannot be brought up to date from its position: it is older than the
    retained history (at least 7 days), older than the caller's joining, ahead of the
    group, or the caller has no access (which says nothing about whether the group exists).

    Args:
        positions: (groupId, afterSeq) pairs, each group once.
        limit: Events per reply (default 100, at most 500); replies also stop at 96 KiB.
        cursor: The `nextCursor` of the previous reply, with the same positions.

    Raises:
        BadRequest: Too many groups, a group named twice, a malformed id, seq or cursor.
    """
    wanted = _checked_positions(positions)
    count = check_sync_limit(limit)
    if cursor is not None:
        wanted = _after_cursor(wanted, decode_sync_cursor(cursor))
    now = int(clock().timestamp())
    pause = _OncePause(pause)
    group_ids = [group_id for group_id, _ in wanted]
    memberships = {m.group_id: m for m in store.get_memberships_of(user_id, group_ids)}
    groups = {g.group_id: g for g in store.get_groups(list(memberships), consistent=True)}
    result = SyncResult()
    for group_id, after in wanted:
        window = _window(store, user_id, group_id, memberships, groups, now)
        if window is None or after > window.last or after + 1 < window.first:
            result.resets.append(group_id)
            continue
        position = _read_group(store, group_id, after, window.last, count, now, pause, result)
        if position is None:
            result.resets.append(group_id)
        elif position < window.last:
            result.next_cursor = sync_cursor(group_id, position)
            return result
    return result


class _OncePause:
    """Pauses the first time it is called, and returns at once after that."""

    def __init__(self, pause: Callable[[float], None]) -> None:
        self._pause: Callable[[float], None] | None = pause

    def __call__(self, seconds: float) -> None:
        pause, self._pause = self._pause, None
        if pause is not None:
            pause(seconds)


def _checked_positions(positions: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    if len(positions) > MAX_SYNC_GROUPS:
        raise BadRequest(f"sync names at most {MAX_SYNC_GROUPS} groups")
    seen: set[str] = set()
    for group_id, after in positions:
        check_entity_id("groupId", group_id)
        check_after_seq(after)
        if group_id in seen:
            raise BadRequest(f"group {group_id} is named twice")
        seen.add(group_id)
    return sorted(positions)


def _after_cursor(
    wanted: list[tuple[str, int]], position: tuple[str, int]
) -> list[tuple[str, int]]:
    cut_group, cut_seq = position
    return [
        (group_id, max(after, cut_seq) if group_id == cut_group else after)
        for group_id, after in wanted
        if group_id >= cut_group
    ]


def _window(
    store: Store,
    user_id: str,
    group_id: str,
    memberships: dict[str, Membership],
    groups: dict[str, Group],
    now: int,
) -> _Window | None:
    """The seqs the caller may be sent, or None when it is to reload the group."""
    membership, group = memberships.get(group_id), groups.get(group_id)
    if membership is not None and group is not None:
        return _Window(membership.joined_seq, group.seq or 0)
    departure = store.get_departure(group_id, user_id, now)
    if departure is None:
        return None
    return _Window(departure.joined_seq, departure.seq)


def _read_group(
    store: Store,
    group_id: str,
    after: int,
    last: int,
    limit: int,
    now: int,
    pause: Callable[[float], None],
    result: SyncResult,
) -> int | None:
    """Add the group's events after `after` up to `last` to the result while it has room.

    Returns:
        The seq of the last event added (`after` if none), or None if the history has a
        gap that did not close: its start expired, so the client must reload the group.
    """
    position = after
    while position < last and len(result.events) < limit:
        wanted = min(limit - len(result.events), last - position)
        events = _contiguous(store, group_id, position, wanted, now, pause)
        if events is None:
            return None
        for event in events:
            frame = {"event": event.name, "groupId": group_id, "seq": event.seq, "data": event.data}
            size = len(json.dumps(frame, ensure_ascii=False, separators=(",", ":")).encode())
            if not result.fits(size):
                return position
            result.events.append(frame)
            result.size += size + 1
            position = event.seq
    return position


def _contiguous(
    store: Store, group_id: str, after: int, wanted: int, now: int, pause: Callable[[float], None]
) -> list[LoggedEvent] | None:
    """Exactly the `wanted` events after `after`, read again once if one is missing."""
    for attempt in range(2):
        if attempt:
            pause(GAP_RETRY_SECONDS)
        events = store.read_events(group_id, after_seq=after, limit=wanted, now_epoch_seconds=now)
        if [e.seq for e in events] == list(range(after + 1, after + 1 + wanted)):
            return events
    return None
