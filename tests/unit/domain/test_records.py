"""Entities to camelCase records and back, with absent optional attributes left out."""

from __future__ import annotations

from typing import Any

import pytest

from ourchat.domain.ids import new_ulid
from ourchat.domain.models import Connection, Group, Membership, Message, Role, Thread, User
from ourchat.domain.records import Entity, camel_case, from_record, to_record

T0 = "2026-11-28T03:20:00.000Z"
T1 = "2026-11-28T03:21:00.000Z"
GROUP_ID = new_ulid()
THREAD_ID = new_ulid()
MESSAGE_ID = new_ulid()


def _type_of(entity: Entity) -> type[Any]:
    # from_record is generic over one entity type; a parametrized test holds a union of them.
    return type(entity)


FULL: list[tuple[Entity, dict[str, object]]] = [
    (
        User("u1", "Ann", T0, "https://img.example/a.png", "1990-05-17"),
        {
            "userId": "u1",
            "userName": "Ann",
            "createdAt": T0,
            "profileImageUrl": "https://img.example/a.png",
            "dateOfBirth": "1990-05-17",
        },
    ),
    (
        Group(GROUP_ID, "Team", T0, T1, "🎉", 7),
        {
            "groupId": GROUP_ID,
            "groupName": "Team",
            "createdAt": T0,
            "lastMessageAt": T1,
            "emoticon": "🎉",
            "seq": 7,
        },
    ),
    (
        Thread(THREAD_ID, GROUP_ID, "General", T0, T1, "#1E90FF"),
        {
            "threadId": THREAD_ID,
            "groupId": GROUP_ID,
            "threadName": "General",
            "createdAt": T0,
            "lastMessageAt": T1,
            "color": "#1E90FF",
        },
    ),
    (
        Message(MESSAGE_ID, GROUP_ID, THREAD_ID, "hello 👋", "u1", T1, "c-1"),
        {
            "messageId": MESSAGE_ID,
            "groupId": GROUP_ID,
            "threadId": THREAD_ID,
            "content": "hello 👋",
            "senderUserId": "u1",
            "createdAt": T1,
            "clientMessageId": "c-1",
        },
    ),
    (
        Membership(GROUP_ID, "u1", Role.OWNER, T0, 3),
        {"groupId": GROUP_ID, "userId": "u1", "role": "owner", "joinedAt": T0, "joinedSeq": 3},
    ),
    (
        Connection("conn-1", "u1", T0, 1_795_843_500),
        {"connectionId": "conn-1", "userId": "u1", "connectedAt": T0, "expiresAt": 1_795_843_500},
    ),
]

MINIMAL: list[tuple[Entity, dict[str, object]]] = [
    (User("u1", "Ann", T0), {"userId": "u1", "userName": "Ann", "createdAt": T0}),
    (
        Group(GROUP_ID, "Team", T0, T0),
        {"groupId": GROUP_ID, "groupName": "Team", "createdAt": T0, "lastMessageAt": T0, "seq": 0},
    ),
    (
        Thread(THREAD_ID, GROUP_ID, "General", T0, T0),
        {
            "threadId": THREAD_ID,
            "groupId": GROUP_ID,
            "threadName": "General",
            "createdAt": T0,
            "lastMessageAt": T0,
        },
    ),
    (
        Message(MESSAGE_ID, GROUP_ID, THREAD_ID, "hi", "u1", T1),
        {
            "messageId": MESSAGE_ID,
            "groupId": GROUP_ID,
            "threadId": THREAD_ID,
            "content": "hi",
            "senderUserId": "u1",
            "createdAt": T1,
        },
    ),
]


@pytest.mark.parametrize(("entity", "record"), FULL + MINIMAL)
def test_to_record_uses_the_spec_camel_case_names(
    entity: Entity, record: dict[str, object]
) -> None:
    assert to_record(entity) == record


@pytest.mark.parametrize(("entity", "record"), FULL + MINIMAL)
def test_from_record_rebuilds_the_entity(entity: Entity, record: dict[str, object]) -> None:
    assert from_record(_type_of(entity), dict(record)) == entity


@pytest.mark.parametrize(("entity", "_record"), MINIMAL)
def test_absent_optional_attributes_are_left_out_not_null(
    entity: Entity, _record: dict[str, object]
) -> None:
    assert None not in to_record(entity).values()


def test_a_membership_role_is_written_as_plain_text_and_read_back_as_a_role() -> None:
    record = to_record(Membership(GROUP_ID, "u2", Role.MEMBER, T0))
    assert record.pop("joinedSeq") == 0
    assert type(record["role"]) is str
    assert from_record(Membership, record).role is Role.MEMBER


def test_extra_attributes_of_a_stored_record_are_ignored() -> None:
    record = {"userId": "u1", "userName": "Ann", "createdAt": T0, "PK": "USER#u1", "x": 1}
    assert from_record(User, record) == User("u1", "Ann", T0)


OPTIONAL_KEYS = {
    "profileImageUrl",
    "dateOfBirth",
    "emoticon",
    "color",
    "clientMessageId",
    "seq",
    "joinedSeq",
    "creatorUserId",
}


@pytest.mark.parametrize(("entity", "record"), FULL)
def test_a_record_missing_a_required_attribute_is_a_key_error(
    entity: Entity, record: dict[str, object]
) -> None:
    for key in set(record) - OPTIONAL_KEYS:
        partial = {k: v for k, v in record.items() if k != key}
        with pytest.raises(KeyError, match=key):
            from_record(_type_of(entity), partial)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("user_id", "userId"),
        ("last_message_at", "lastMessageAt"),
        ("sender_user_id", "senderUserId"),
        ("profile_image_url", "profileImageUrl"),
        ("content", "content"),
    ],
)
def test_camel_case(name: str, expected: str) -> None:
    assert camel_case(name) == expected
