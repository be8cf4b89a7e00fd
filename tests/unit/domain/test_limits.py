"""Every validation rule of limits.py, at its boundaries; every error names its field."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date

import pytest

from ourchat.domain.errors import BadRequest, ChatError, TooLarge
from ourchat.domain.ids import new_ulid
from ourchat.domain.limits import (
    DEFAULT_MESSAGES_LIMIT,
    DEFAULT_THREADS_LIMIT,
    MAX_CONTENT_BYTES,
    check_client_message_id,
    check_color,
    check_content,
    check_date_of_birth,
    check_emoticon,
    check_entity_id,
    check_limit,
    check_name,
    check_profile_image_url,
    check_user_id,
    excerpt_of,
)

TODAY = date(2026, 11, 28)
EMOJI = "\U0001f600"  # 😀, 4 bytes of UTF-8
SURROGATE = "\ud800"


def _rejects(error: type[ChatError], field: str, check: Callable[[], object]) -> None:
    with pytest.raises(error) as caught:
        check()
    assert type(caught.value) is error
    assert caught.value.code is error.code
    assert field in caught.value.message


# content: 1-4,000 characters, at most 16 KiB of UTF-8, not only whitespace


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("x", id="one-char"),
        pytest.param(" x ", id="padded"),
        pytest.param("a" * 4_000, id="4000-chars"),
        pytest.param("\u00e9" * 4_000, id="4000-two-byte-chars"),
        pytest.param(EMOJI * 4_000, id="4000-emoji-16000-bytes"),
        pytest.param("line one\nline two\ttabbed", id="multi-line"),
    ],
)
def test_content_is_accepted_unchanged(content: str) -> None:
    assert check_content(content) is content


def test_the_byte_limit_is_above_what_4000_characters_can_take() -> None:
    # UTF-8 spends at most 4 bytes per code point: 4,000 of them never pass 16 KiB, so the
    # character limit is the one that rejects (see test_bad_content_is_rejected).
    assert len((EMOJI * 4_000).encode("utf-8")) == 16_000 < MAX_CONTENT_BYTES


@pytest.mark.parametrize(
    ("content", "error"),
    [
        pytest.param("", BadRequest, id="empty"),
        pytest.param("   ", BadRequest, id="spaces"),
        pytest.param("\n\t\r ", BadRequest, id="whitespace"),
        pytest.param("\u3000\u00a0\u2003", BadRequest, id="unicode-whitespace"),
        pytest.param(SURROGATE, BadRequest, id="unpaired-surrogate"),
        pytest.param("ok " + SURROGATE + " ok", BadRequest, id="surrogate-inside"),
        pytest.param("a" * 4_001, TooLarge, id="4001-chars"),
        pytest.param(EMOJI * 4_001, TooLarge, id="4001-emoji-16004-bytes"),
        pytest.param("a" * MAX_CONTENT_BYTES, TooLarge, id="16KiB-of-ascii"),
    ],
)
def test_bad_content_is_rejected(content: str, error: type[ChatError]) -> None:
    _rejects(error, "content", lambda: check_content(content))


# userName, groupName, threadName: 1-100 characters, no control or format characters, no
# invisible fillers, at least one visible character


@pytest.mark.parametrize(
    "name",
    [
        "A",
        "Ann Lee",
        "n" * 100,
        EMOJI * 100,
        "Zo\u00eb \u00c5se \u4e2d\u6587",
        "tab-free\u00a0name",
        pytest.param("\U0001f9d7\u200d\u2640\ufe0f Climbers", id="zwj-emoji-sequence"),
        pytest.param("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", id="persian-zwnj"),
        pytest.param("e\u0301tude", id="combining-mark"),
    ],
)
def test_names_are_accepted_unchanged(name: str) -> None:
    assert check_name("groupName", name) is name


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("\u3000", id="ideographic-space"),
        pytest.param("n" * 101, id="101-chars"),
        pytest.param(EMOJI * 101, id="101-emoji"),
        pytest.param("bad\x00name", id="nul"),
        pytest.param("bad\nname", id="newline"),
        pytest.param("bad\tname", id="tab"),
        pytest.param("bad\x1bname", id="escape"),
        pytest.param("bad\x7fname", id="delete"),
        pytest.param("bad\x85name", id="c1-control"),
        pytest.param("bad" + SURROGATE, id="unpaired-surrogate"),
        pytest.param("\u202eevil", id="right-to-left-override"),
        pytest.param("a\u2067b\u2069", id="bidi-isolates"),
        pytest.param("ad\u200bmin", id="zero-width-space"),
        pytest.param("\ufeffname", id="byte-order-mark"),
        pytest.param("soft\u00adhyphen", id="soft-hyphen"),
        pytest.param("\u200b\u200b\u200b", id="three-zero-width-spaces"),
        pytest.param("\u200dname", id="leading-zero-width-joiner"),
        pytest.param("name\u200c", id="trailing-zero-width-non-joiner"),
        pytest.param("\u3164", id="hangul-filler"),
        pytest.param("a\u3164b", id="hangul-filler-inside"),
        pytest.param("\u115f\u1160", id="hangul-jamo-fillers"),
        pytest.param("\uffa0", id="halfwidth-hangul-filler"),
        pytest.param("\u2800", id="braille-blank"),
        pytest.param("\u0301\u0301", id="only-combining-marks"),
    ],
)
@pytest.mark.parametrize("field", ["userName", "groupName", "threadName"])
def test_bad_names_are_rejected(field: str, name: str) -> None:
    _rejects(BadRequest, field, lambda: check_name(field, name))


# color: #RRGGBB


@pytest.mark.parametrize("color", ["#1E90FF", "#1e90ff", "#000000", "#FFFFFF", "#aBcDeF"])
def test_colors_are_accepted(color: str) -> None:
    assert check_color(color) is color


@pytest.mark.parametrize(
    "color",
    ["", "1E90FF", "#1E90F", "#1E90FFF", "#1E90FG", "#1E90FF ", " #1E90FF", "#fff", "red",
     "#1E90FF\n", "#\uff11E90FF"],
)  # fmt: skip
def test_bad_colors_are_rejected(color: str) -> None:
    _rejects(BadRequest, "color", lambda: check_color(color))


# emoticon: one emoji of at most 16 bytes


@pytest.mark.parametrize(
    "emoticon",
    [
        pytest.param("\U0001f389", id="party-popper"),
        pytest.param("\u2764\ufe0f", id="heart-with-vs16"),
        pytest.param("\U0001f44d\U0001f3fd", id="skin-tone"),
        pytest.param("\U0001f469\u200d\U0001f466", id="zwj-family-11-bytes"),
        pytest.param("\U0001f3f3\ufe0f\u200d\U0001f308", id="rainbow-flag-zwj"),
        pytest.param("\U0001f1eb\U0001f1f7", id="flag-fr"),
        pytest.param("1\ufe0f\u20e3", id="keycap-one"),
        pytest.param("#\ufe0f\u20e3", id="keycap-hash"),
        pytest.param("*\u20e3", id="keycap-star-without-vs16"),
        pytest.param("\u00a9", id="copyright"),
    ],
)
def test_single_emoji_are_accepted(emoticon: str) -> None:
    assert check_emoticon(emoticon) is emoticon


@pytest.mark.parametrize(
    "emoticon",
    [
        pytest.param("", id="empty"),
        pytest.param("a", id="letter"),
        pytest.param("ok", id="letters"),
        pytest.param("1", id="digit"),
        pytest.param("hi there", id="two-words"),
        pytest.param("\U0001f389 \U0001f389", id="two-emoji-two-words"),
        pytest.param("\U0001f389\U0001f389", id="two-emoji"),
        pytest.param("\U0001f389a", id="emoji-then-letter"),
        pytest.param("1\U0001f389", id="digit-then-emoji"),
        pytest.param("\U0001f389\u200d", id="dangling-zwj"),
        pytest.param("\u200d\U0001f389", id="leading-zwj"),
        pytest.param("\U0001f3fd", id="lone-skin-tone"),
        pytest.param("\U0001f389^", id="emoji-then-caret"),
        pytest.param("\U0001f1eb\U0001f1f7\U0001f1e9", id="flag-and-a-half"),
        pytest.param("\U0001f468\u200d\U0001f469\u200d\U0001f467", id="family-18-bytes"),
        pytest.param("\U0001f389" * 5, id="20-bytes"),
        pytest.param(SURROGATE, id="unpaired-surrogate"),
    ],
)
def test_bad_emoticons_are_rejected(emoticon: str) -> None:
    _rejects(BadRequest, "emoticon", lambda: check_emoticon(emoticon))


# dateOfBirth: YYYY-MM-DD, not in the future, not before 1900-01-01


@pytest.mark.parametrize("born", ["1900-01-01", "1990-05-17", "2024-02-29", "2026-11-28"])
def test_dates_of_birth_are_accepted(born: str) -> None:
    assert check_date_of_birth(born, TODAY) is born


@pytest.mark.parametrize(
    "born",
    [
        pytest.param("2026-11-29", id="tomorrow"),
        pytest.param("2100-01-01", id="far-future"),
        pytest.param("1899-12-31", id="1899"),
        pytest.param("0001-01-01", id="year-one"),
        pytest.param("2023-02-29", id="no-leap-day"),
        pytest.param("1990-13-01", id="month-13"),
        pytest.param("1990-00-10", id="month-0"),
        pytest.param("1990-5-17", id="one-digit-month"),
        pytest.param("19900517", id="basic-format"),
        pytest.param("17/05/1990", id="european"),
        pytest.param("1990-05-17T00:00:00", id="datetime"),
        pytest.param(" 1990-05-17", id="leading-space"),
        pytest.param("", id="empty"),
        pytest.param("\u0661\u0669\u0669\u0660-\u0660\u0665-\u0661\u0667", id="arabic-digits"),
    ],
)
def test_bad_dates_of_birth_are_rejected(born: str) -> None:
    _rejects(BadRequest, "dateOfBirth", lambda: check_date_of_birth(born, TODAY))


# profileImageUrl: https with a host, at most 2,048 characters

LONG_URL_PREFIX = "https://img.example/"


@pytest.mark.parametrize(
    "url",
    [
        "https://img.example/a.png",
        "https://img.example:8443/a.png?size=64#top",
        "https://203.0.113.7/a.png",
        LONG_URL_PREFIX + "a" * (2_048 - len(LONG_URL_PREFIX)),
    ],
)
def test_profile_image_urls_are_accepted(url: str) -> None:
    assert check_profile_image_url(url) is url


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("http://img.example/a.png", id="http"),
        pytest.param("ftp://img.example/a.png", id="ftp"),
        pytest.param("javascript:alert(1)", id="javascript"),
        pytest.param("data:image/png;base64,AAAA", id="data"),
        pytest.param("https://", id="no-host"),
        pytest.param("https:///a.png", id="empty-host"),
        pytest.param("https://user@/a.png", id="userinfo-without-host"),
        pytest.param("//img.example/a.png", id="no-scheme"),
        pytest.param("img.example/a.png", id="relative"),
        pytest.param("", id="empty"),
        pytest.param("https://img.example/a b.png", id="space"),
        pytest.param(" https://img.example/a.png", id="leading-space"),
        pytest.param("https://img.example/a.png\n", id="newline"),
        pytest.param("https://img.example/\x00", id="nul"),
        pytest.param("https://[::1/a.png", id="broken-ipv6"),
        pytest.param(LONG_URL_PREFIX + "a" * (2_049 - len(LONG_URL_PREFIX)), id="2049-chars"),
    ],
)
def test_bad_profile_image_urls_are_rejected(url: str) -> None:
    _rejects(BadRequest, "profileImageUrl", lambda: check_profile_image_url(url))


# userId: 1-128 letters, digits and ._@:-


@pytest.mark.parametrize(
    "user_id",
    ["a", "ann@example.com", "auth0:123", "u-1_2.3", "U" * 128],
)
def test_user_ids_are_accepted(user_id: str) -> None:
    assert check_user_id(user_id) is user_id


@pytest.mark.parametrize(
    "user_id",
    ["", "u" * 129, "ann lee", "auth0|123", "ann/lee", "ann\n", "\u00e9mile", "a#b", "a+b"],
)
def test_bad_user_ids_are_rejected(user_id: str) -> None:
    _rejects(BadRequest, "userId", lambda: check_user_id(user_id))


# groupId, threadId, messageId: ULIDs


@pytest.mark.parametrize("field", ["groupId", "threadId", "messageId"])
def test_entity_ids_must_be_ulids(field: str) -> None:
    ulid = new_ulid()
    assert check_entity_id(field, ulid) is ulid
    for bad in ["", ulid[:-1], ulid + "0", ulid.lower(), "8" + ulid[1:], "group-1"]:
        _rejects(BadRequest, field, functools.partial(check_entity_id, field, bad))


# clientMessageId: 1-64 letters, digits and ._:-


@pytest.mark.parametrize("client_id", ["c", "c-1", "2026.11.28:x_y", "k" * 64])
def test_client_message_ids_are_accepted(client_id: str) -> None:
    assert check_client_message_id(client_id) is client_id


@pytest.mark.parametrize("client_id", ["", "k" * 65, "has space", "a@b", "a/b", "\u00e9", "x\n"])
def test_bad_client_message_ids_are_rejected(client_id: str) -> None:
    _rejects(BadRequest, "clientMessageId", lambda: check_client_message_id(client_id))


# limit: 1-100, with per-listing defaults


@pytest.mark.parametrize("limit", [1, 2, 99, 100])
def test_limits_in_range_are_accepted(limit: int) -> None:
    assert check_limit(limit, DEFAULT_MESSAGES_LIMIT) == limit


def test_a_missing_limit_takes_the_default() -> None:
    assert check_limit(None, DEFAULT_MESSAGES_LIMIT) == DEFAULT_MESSAGES_LIMIT == 10
    assert check_limit(None, DEFAULT_THREADS_LIMIT) == DEFAULT_THREADS_LIMIT == 20


@pytest.mark.parametrize("limit", [0, -1, 101, 10_000, True, False])
def test_bad_limits_are_rejected(limit: int) -> None:
    _rejects(BadRequest, "limit", lambda: check_limit(limit, DEFAULT_MESSAGES_LIMIT))


@pytest.mark.parametrize(
    ("content", "excerpt"),
    [
        ("short", "short"),
        ("a" * 200, "a" * 140),
        # A family emoji (joined by ZWJs) straddling the cut is left out whole
        ("a" * 137 + "👨\u200d👩\u200d👧" + "b", "a" * 137),
        # A letter and its combining accent stay together
        ("a" * 139 + "e\u0301" + "b", "a" * 139),
        # A flag is two regional indicators: never half of one
        ("a" * 139 + "🇫🇷" + "b", "a" * 139),
        ("a" * 138 + "🇫🇷" + "b", "a" * 138 + "🇫🇷"),
        # A skin tone and a variation selector belong with their emoji
        ("a" * 139 + "👍🏽" + "b", "a" * 139),
        ("a" * 139 + "❤️" + "b", "a" * 139),
    ],
)
def test_an_excerpt_is_at_most_140_characters_and_splits_no_emoji(
    content: str, excerpt: str
) -> None:
    assert excerpt_of(content) == excerpt
    assert len(excerpt_of(content)) <= 140


def test_a_bad_reaction_names_its_field() -> None:
    with pytest.raises(BadRequest, match=r"^emoji must"):
        check_emoticon("ab", "emoji")
