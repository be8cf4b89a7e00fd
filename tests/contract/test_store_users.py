"""Contract of the Store port: user profiles."""

from __future__ import annotations

import uuid
from dataclasses import replace

from ourchat.domain.limits import search_key
from ourchat.domain.models import PublicProfile
from ourchat.ports.store import Store
from tests.support.builders import a_connection, a_user, at, future_epoch, user_id


def test_get_user_of_unknown_id_is_none(store: Store) -> None:
    assert store.get_user(a_user().user_id) is None


def test_put_user_creates_and_returns_the_user(store: Store) -> None:
    user = a_user(profile_image_url="https://img.example/a.png", date_of_birth="1990-02-03")

    stored = store.put_user(user)

    assert stored == user
    assert store.get_user(user.user_id) == user


def test_put_user_keeps_created_at_and_replaces_the_rest(store: Store) -> None:
    # Given a user with every optional field
    first = a_user(
        name="Ada",
        created_at=at(0),
        profile_image_url="https://img.example/a.png",
        date_of_birth="1990-02-03",
    )
    store.put_user(first)

    # When it is put again later with a new name and no optional fields
    second = a_user(first.user_id, name="Ada L.", created_at=at(60))
    stored = store.put_user(second)

    # Then createdAt is the original one and the removed fields are cleared
    expected = a_user(first.user_id, name="Ada L.", created_at=at(0))
    assert stored == expected
    assert store.get_user(first.user_id) == expected


def test_put_user_sets_optional_fields_on_an_existing_user(store: Store) -> None:
    first = store.put_user(a_user(created_at=at(0)))

    stored = store.put_user(
        a_user(first.user_id, created_at=at(5), profile_image_url="https://img.example/b.png")
    )

    assert stored == a_user(
        first.user_id, created_at=at(0), profile_image_url="https://img.example/b.png"
    )


def test_create_user_if_missing_stores_a_new_user(store: Store) -> None:
    user = a_user()

    assert store.create_user_if_missing(user) == user
    assert store.get_user(user.user_id) == user


def test_create_user_if_missing_returns_the_existing_user_unchanged(store: Store) -> None:
    # Given a user with a profile
    existing = store.put_user(a_user(name="Grace", created_at=at(0), date_of_birth="1906-12-09"))

    # When the same id connects again with other data
    returned = store.create_user_if_missing(a_user(existing.user_id, name="G", created_at=at(9)))

    # Then nothing changes
    assert returned == existing
    assert store.get_user(existing.user_id) == existing


def test_users_are_independent(store: Store) -> None:
    ada, grace = a_user(name="Ada"), a_user(name="Grace")
    store.put_user(ada)
    store.put_user(grace)

    assert store.get_user(ada.user_id) == ada
    assert store.get_user(grace.user_id) == grace


def test_get_users_returns_those_that_exist(store: Store) -> None:
    ada, grace = a_user(name="Ada"), a_user(name="Grace")
    store.put_user(ada)
    store.put_user(grace)

    found = store.get_users([ada.user_id, user_id(), grace.user_id, ada.user_id])

    assert sorted(found, key=lambda user: user.user_id) == sorted(
        [ada, grace], key=lambda user: user.user_id
    )


def test_find_users_by_name_or_id_prefix_ignoring_case(store: Store) -> None:
    # Given users whose names or ids start alike, in any case and form
    tag = uuid.uuid4().hex[:6]
    zoe = store.put_user(a_user(f"{tag}-zoe", name=f"Zq{tag}Ë Zoe"))
    zach = store.put_user(
        a_user(f"{tag}-zach", name=f"zQ{tag}ë Zach", profile_image_url="https://x.io/z.png")
    )
    by_id = store.put_user(a_user(f"zq{tag}ë-id", name="Somebody"))
    store.put_user(a_user(f"{tag}-other", name=f"Zz{tag} Other"))
    key = search_key(f"ZQ{tag}Ë")

    # When searched by a prefix of the names (and of one id), case-folded
    found = store.find_users(key, 10)

    # Then all three come back, ordered by name, with only their public profile
    assert found == sorted(
        [
            PublicProfile(zoe.user_id, zoe.user_name),
            PublicProfile(zach.user_id, zach.user_name, zach.profile_image_url),
            PublicProfile(by_id.user_id, by_id.user_name),
        ],
        key=lambda p: f"{search_key(p.user_name)}#{p.user_id}",
    )
    assert len(store.find_users(key, 2)) == 2


def test_a_renamed_user_is_found_by_the_new_name_only(store: Store) -> None:
    tag = uuid.uuid4().hex[:8]
    user = store.put_user(a_user(name=f"Old{tag}"))
    store.put_user(replace(user, user_name=f"New{tag}"))

    assert [p.user_id for p in store.find_users(search_key(f"new{tag}"), 10)] == [user.user_id]
    assert store.find_users(search_key(f"old{tag}"), 10) == []


def test_deleting_a_user_erases_the_profile_pointers_and_presence(store: Store) -> None:
    user = a_user()
    store.put_user(user)
    store.come_online(a_connection(user.user_id, expires_at=future_epoch()), future_epoch() - 10)
    store.delete_user(user.user_id)
    store.delete_user(user.user_id)  # again: no error
    assert store.get_user(user.user_id) is None
    assert store.online_users([user.user_id], future_epoch() - 10) == set()
