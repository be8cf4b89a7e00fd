"""Use cases of user profiles: upsert_profile and ensure_user."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ourchat.domain.errors import BadRequest
from ourchat.domain.models import User
from ourchat.domain.timestamps import format_timestamp
from ourchat.services.users import ensure_user, upsert_profile
from tests.support.world import World, new_user_id

URL = "https://img.example/ann.png"


def test_upsert_profile_creates_a_profile(world: World) -> None:
    user_id, now = new_user_id(), world.clock.now
    user = upsert_profile(
        world.store,
        world.clock,
        user_id=user_id,
        user_name="Ann",
        profile_image_url=URL,
        date_of_birth="1990-05-17",
    )
    assert user == User(user_id, "Ann", format_timestamp(now), URL, "1990-05-17")
    assert world.store.users == {user_id: user}


def test_upsert_profile_updates_and_keeps_created_at(world: World) -> None:
    # Given a user who connected an hour ago
    user_id = world.user("ann")
    created_at = world.store.users[user_id].created_at
    world.clock.advance(timedelta(hours=1))
    # When they edit their profile
    user = upsert_profile(
        world.store, world.clock, user_id=user_id, user_name="Ann Lee", profile_image_url=URL
    )
    # Then the profile changes but its creation time does not
    assert user == User(user_id, "Ann Lee", created_at, URL)
    assert world.store.users[user_id] == user


def test_a_date_of_birth_of_today_is_accepted(world: World) -> None:
    today = world.clock.now.date().isoformat()
    user = upsert_profile(
        world.store, world.clock, user_id=new_user_id(), user_name="Baby", date_of_birth=today
    )
    assert user.date_of_birth == today


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("userId", {"user_id": ""}),
        ("userId", {"user_id": "has space"}),
        ("userId", {"user_id": "u" * 129}),
        ("userName", {"user_name": ""}),
        ("userName", {"user_name": "  "}),
        ("userName", {"user_name": "n" * 101}),
        ("userName", {"user_name": "bad\x00name"}),
        ("userName", {"user_name": "\ud800"}),
        ("profileImageUrl", {"profile_image_url": "http://img.example/a.png"}),
        ("profileImageUrl", {"profile_image_url": "https://"}),
        ("profileImageUrl", {"profile_image_url": "https://img.example/" + "a" * 2_030}),
        ("profileImageUrl", {"profile_image_url": "https://img.example/a b.png"}),
        ("dateOfBirth", {"date_of_birth": "2026-11-29"}),  # the clock's tomorrow
        ("dateOfBirth", {"date_of_birth": "1899-12-31"}),
        ("dateOfBirth", {"date_of_birth": "2023-02-29"}),
        ("dateOfBirth", {"date_of_birth": "17.05.1990"}),
    ],
)
@pytest.mark.parametrize("existing", [False, True])
def test_a_bad_profile_is_rejected_and_nothing_changes(
    world: World, field: str, changes: dict[str, str], existing: bool
) -> None:
    # Given no profile, or an existing one
    user_id = world.user("Ann") if existing else new_user_id()
    fields = {"user_id": user_id, "user_name": "Ann Lee", **changes}
    # When the profile is sent with one bad field, Then it is refused and nothing is stored
    with world.rejected(BadRequest, naming=field):
        upsert_profile(world.store, world.clock, **fields)


def test_ensure_user_names_a_new_user_from_the_token(world: World) -> None:
    user_id, now = new_user_id(), world.clock.now
    user = ensure_user(world.store, world.clock, user_id=user_id, user_name="Ann Lee")
    assert user == User(user_id, "Ann Lee", format_timestamp(now))
    assert world.store.users == {user_id: user}


@pytest.mark.parametrize(
    "token_name", [None, "", "   ", "n" * 101, "bad\nname", "bad\x00name", "\ud800"]
)
def test_ensure_user_falls_back_to_the_user_id(world: World, token_name: str | None) -> None:
    user_id = new_user_id()
    user = ensure_user(world.store, world.clock, user_id=user_id, user_name=token_name)
    assert user.user_name == user_id
    assert world.store.users[user_id] == user


def test_a_long_user_id_standing_in_for_a_name_is_cut_to_100_characters(world: World) -> None:
    user_id = "u" * 128
    user = ensure_user(world.store, world.clock, user_id=user_id, user_name=None)
    assert user.user_name == "u" * 100


def test_ensure_user_does_not_overwrite_an_existing_profile(world: World) -> None:
    # Given a user who set up a profile
    user_id = new_user_id()
    profile = upsert_profile(
        world.store, world.clock, user_id=user_id, user_name="Ann Lee", profile_image_url=URL
    )
    world.clock.advance(timedelta(days=1))
    # When they connect again with another name in their token
    user = ensure_user(world.store, world.clock, user_id=user_id, user_name="A. Lee")
    # Then the stored profile is returned unchanged
    assert user == profile
    assert world.store.users == {user_id: profile}


@pytest.mark.parametrize("user_id", ["", "has space", "u" * 129, "a|b"])
def test_ensure_user_rejects_a_malformed_user_id(world: World, user_id: str) -> None:
    with world.rejected(BadRequest, naming="userId"):
        ensure_user(world.store, world.clock, user_id=user_id, user_name="Ann")
