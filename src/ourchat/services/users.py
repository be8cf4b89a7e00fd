"""Use cases for user profiles."""

from __future__ import annotations

import contextlib

from ourchat.domain.errors import BadRequest, NotFound
from ourchat.domain.limits import (
    MAX_NAME_CHARS,
    check_date_of_birth,
    check_find_limit,
    check_name,
    check_profile_image_url,
    check_search_query,
    check_user_id,
)
from ourchat.domain.models import PublicProfile, User
from ourchat.domain.timestamps import format_timestamp
from ourchat.ports.clock import Clock
from ourchat.ports.store import Store


def upsert_profile(
    store: Store,
    clock: Clock,
    *,
    user_id: str,
    user_name: str,
    profile_image_url: str | None = None,
    date_of_birth: str | None = None,
) -> User:
    """Create or update the caller's own profile; createdAt of an existing profile is kept.

    Raises:
        BadRequest: A field breaks a validation rule.
    """
    now = clock()
    check_user_id(user_id)
    check_name("userName", user_name)
    if profile_image_url is not None:
        check_profile_image_url(profile_image_url)
    if date_of_birth is not None:
        check_date_of_birth(date_of_birth, now.date())
    user = User(user_id, user_name, format_timestamp(now), profile_image_url, date_of_birth)
    return store.put_user(user)


def ensure_user(store: Store, clock: Clock, *, user_id: str, user_name: str | None) -> User:
    """Make sure a connecting user exists, named from the token when it has a usable name.

    Args:
        user_id: The token subject.
        user_name: The token's name claim; when missing or invalid, the user id stands in.

    Raises:
        BadRequest: The user id itself is malformed.
    """
    check_user_id(user_id)
    name = user_id[:MAX_NAME_CHARS]
    if user_name is not None:
        with contextlib.suppress(BadRequest):
            name = check_name("userName", user_name)
    user = User(user_id, name, format_timestamp(clock()))
    return store.create_user_if_missing(user)


def update_profile(
    store: Store,
    clock: Clock,
    *,
    user_id: str,
    user_name: str | None,
    profile_image_url: str | None,
    date_of_birth: str | None,
) -> User:
    """Change some fields of the caller's profile; "" removes an optional one.

    Raises:
        BadRequest: Nothing to change, or a field breaks a validation rule.
        NotFound: The caller has no profile (it is made on connecting).
    """
    if user_name is None and profile_image_url is None and date_of_birth is None:
        raise BadRequest("give userName, profileImageUrl or dateOfBirth")
    user = store.get_user(user_id)
    if user is None:
        raise NotFound("you have no profile yet; connect again to make it")
    if user_name is not None:
        check_name("userName", user_name)
    if profile_image_url:
        check_profile_image_url(profile_image_url)
    if date_of_birth:
        check_date_of_birth(date_of_birth, clock().date())
    return store.put_user(
        User(
            user_id,
            user_name if user_name is not None else user.user_name,
            user.created_at,
            _changed(user.profile_image_url, profile_image_url),
            _changed(user.date_of_birth, date_of_birth),
        )
    )


def find_users(store: Store, *, query: str, limit: int | None) -> list[PublicProfile]:
    """Find people whose name or user id starts with `query`, ignoring case.

    Only the public part of a profile comes back: id, name and picture.

    Raises:
        BadRequest: The query is shorter than 2 or longer than 64 characters, or the limit
            is out of range.
    """
    key = check_search_query(query)
    return store.find_users(key, check_find_limit(limit))


def _changed(current: str | None, given: str | None) -> str | None:
    """The new value of an optional field: unchanged when not given, removed when ""."""
    if given is None:
        return current
    return given or None
