"""Validation limits, in one place, and the checks that enforce them.

Every check raises `BadRequest` (or `TooLarge` for size limits) with a message that names the
field, so a client can show it as is. Checks never alter the value: content is stored
byte-for-byte as sent.

| field            | rule                                                               |
|------------------|--------------------------------------------------------------------|
| content          | 1-4,000 characters, at most 16 KiB in UTF-8, not only whitespace   |
| userName, groupName, threadName | 1-100 characters with a visible one; no control or   |
|                  | format characters (but joiners between visible ones), no fillers   |
| color            | `#RRGGBB` (hex digits, either case)                                |
| emoticon         | one emoji (symbols, modifiers, ZWJ, variation selectors), <= 16 B  |
| dateOfBirth      | ISO date YYYY-MM-DD, not in the future, not before 1900-01-01      |
| profileImageUrl  | an https URL with a host, at most 2,048 characters                 |
| userId           | 1-128 characters of letters, digits and `._@:-`                    |
| groupId, threadId, messageId | a ULID                                                 |
| clientMessageId  | 1-64 characters of letters, digits and `._:-`                      |
| limit            | 1-100 (getLastMessages defaults to 10, listMembers to 50, the      |
|                  | others to 20); findUsers 1-20 (10); sync 1-500 (100)               |
| groups per user  | at most 500 memberships (bounds listGroups and each $connect)      |
| reply size       | a page of messages is cut at 96 KiB of JSON, under API Gateway's   |
|                  | 128 KB frame limit; nextCursor then points at the rest            |
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from urllib.parse import urlsplit

from ourchat.domain.errors import BadRequest, TooLarge
from ourchat.domain.ids import is_ulid
from ourchat.domain.models import Role

MAX_CONTENT_CHARS = 4_000
MAX_CONTENT_BYTES = 16 * 1024
MAX_NAME_CHARS = 100
MAX_EMOTICON_BYTES = 16
MAX_URL_CHARS = 2_048
MAX_USER_ID_CHARS = 128
MAX_CLIENT_MESSAGE_ID_CHARS = 64
MIN_DATE_OF_BIRTH = date(1900, 1, 1)
MAX_PAGE_LIMIT = 100
DEFAULT_MESSAGES_LIMIT = 10
DEFAULT_THREADS_LIMIT = 20
DEFAULT_GROUPS_LIMIT = 20
MAX_GROUPS_PER_USER = 500
MAX_PAGE_BYTES = 96 * 1024

# The patterns are public: the AsyncAPI document states the same rules (docgen).
COLOR_PATTERN = "#[0-9A-Fa-f]{6}"
USER_ID_PATTERN = "[A-Za-z0-9._@:-]{1,128}"
CLIENT_MESSAGE_ID_PATTERN = "[A-Za-z0-9._:-]{1,64}"
ULID_PATTERN = "[0-7][0-9A-HJKMNP-TV-Z]{25}"
_COLOR = re.compile(COLOR_PATTERN)
_USER_ID = re.compile(USER_ID_PATTERN)
_CLIENT_MESSAGE_ID = re.compile(CLIENT_MESSAGE_ID_PATTERN)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# One emoji is a keycap (#, * or a digit, an optional VS16, then U+20E3), or parts joined by
# ZERO WIDTH JOINER, each a symbol (So) or a flag (two regional indicators) followed by
# variation selectors and skin-tone modifiers. Two emoji side by side are two, not one.
_ZWJ = "\u200d"
_KEYCAP_BASES = frozenset("#*0123456789")
_KEYCAP_TAILS = ("\u20e3", "\ufe0f\u20e3")
_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)
_EMOJI_MODIFIERS = frozenset("\ufe0e\ufe0f" + "".join(map(chr, range(0x1F3FB, 0x1F400))))
# Letters (Lo) or symbols (So) that render as blank space: the Hangul fillers, the halfwidth
# Hangul filler and the blank Braille pattern, favourites for names that look empty.
_INVISIBLE_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# ZERO WIDTH NON-JOINER and ZERO WIDTH JOINER: format characters that real text needs.
_JOINERS = frozenset("\u200c\u200d")


def _utf8_length(field: str, value: str) -> int:
    try:
        return len(value.encode("utf-8"))
    except UnicodeEncodeError:
        raise BadRequest(f"{field} contains an unpaired surrogate") from None


def check_content(content: str) -> str:
    """Check a message's content.

    Raises:
        BadRequest: Empty, blank, or not valid Unicode text.
        TooLarge: Over 4,000 characters or 16 KiB of UTF-8.
    """
    size = _utf8_length("content", content)
    if not content.strip():
        raise BadRequest("content must not be empty or blank")
    if len(content) > MAX_CONTENT_CHARS:
        raise TooLarge(f"content is {len(content)} characters; the limit is {MAX_CONTENT_CHARS}")
    if size > MAX_CONTENT_BYTES:
        raise TooLarge(f"content is {size} bytes of UTF-8; the limit is {MAX_CONTENT_BYTES}")
    return content


def check_name(field: str, name: str) -> str:
    """Check a user, group or thread name: what others see must be what it says.

    Format characters (Unicode category Cf: bidi overrides and isolates, zero-width spaces,
    the byte order mark, soft hyphens, tags) can reorder or hide what is shown, and Hangul
    fillers and the blank Braille pattern render as nothing; both are refused. A zero-width
    joiner or non-joiner is kept where it joins two visible characters, as emoji sequences
    and Persian or Indic spelling need.

    Raises:
        BadRequest: Blank or with no visible character, over 100 characters, or containing
            control characters, format characters or invisible fillers.
    """
    _utf8_length(field, name)
    if not name.strip():
        raise BadRequest(f"{field} must not be empty or blank")
    if len(name) > MAX_NAME_CHARS:
        raise BadRequest(f"{field} is {len(name)} characters; the limit is {MAX_NAME_CHARS}")
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise BadRequest(f"{field} must not contain control characters")
    if any(_hidden(name, index) for index in range(len(name))):
        raise BadRequest(
            f"{field} must not contain invisible characters (format characters such as "
            "U+200B or U+202E, or fillers such as U+3164)"
        )
    if not any(_visible(char) for char in name):
        raise BadRequest(f"{field} must have at least one visible character")
    return name


def _visible(char: str) -> bool:
    """Tell whether a character shows on its own: a letter, number, punctuation or symbol."""
    return unicodedata.category(char)[0] in "LNPS" and char not in _INVISIBLE_FILLERS


def _hidden(text: str, index: int) -> bool:
    """Tell whether the character at `index` of `text` hides what the name shows.

    Fillers always do; format characters do too, except a joiner between two shown
    characters (visible ones or combining marks).
    """
    char = text[index]
    if char in _INVISIBLE_FILLERS:
        return True
    if unicodedata.category(char) != "Cf":
        return False
    if char not in _JOINERS or index == 0 or index == len(text) - 1:
        return True
    return not (_shown(text[index - 1]) and _shown(text[index + 1]))


def _shown(char: str) -> bool:
    return _visible(char) or unicodedata.category(char)[0] == "M"


def check_color(color: str) -> str:
    """Check a thread color.

    Raises:
        BadRequest: Not of the form #RRGGBB.
    """
    if not _COLOR.fullmatch(color):
        raise BadRequest("color must be #RRGGBB, e.g. #1E90FF")
    return color


def check_emoticon(emoticon: str, field: str = "emoticon") -> str:
    """Check a group emoticon or a reaction: a single emoji of at most 16 bytes.

    Args:
        field: The field's name in the frame, for the error message.

    Raises:
        BadRequest: Empty, over 16 bytes, or not exactly one emoji.
    """
    size = _utf8_length(field, emoticon)
    if not emoticon or size > MAX_EMOTICON_BYTES:
        raise BadRequest(f"{field} must be one emoji of 1-{MAX_EMOTICON_BYTES} bytes")
    if not _is_single_emoji(emoticon):
        raise BadRequest(f"{field} must be a single emoji, e.g. 🎉")
    return emoticon


def _is_single_emoji(text: str) -> bool:
    if text[0] in _KEYCAP_BASES:
        return text[1:] in _KEYCAP_TAILS
    return all(_is_emoji_part(part) for part in text.split(_ZWJ))


def _is_emoji_part(part: str) -> bool:
    if not part or unicodedata.category(part[0]) != "So":
        return False
    is_flag = len(part) >= 2 and all(ord(char) in _REGIONAL_INDICATORS for char in part[:2])
    return all(char in _EMOJI_MODIFIERS for char in part[2 if is_flag else 1 :])


def check_date_of_birth(value: str, today: date) -> str:
    """Check a date of birth.

    Args:
        value: The date as YYYY-MM-DD.
        today: The current UTC date.

    Raises:
        BadRequest: Not an ISO date, in the future, or before 1900.
    """
    if not _ISO_DATE.fullmatch(value):
        raise BadRequest("dateOfBirth must be an ISO date, YYYY-MM-DD")
    try:
        born = date.fromisoformat(value)
    except ValueError:
        raise BadRequest("dateOfBirth is not a real calendar date") from None
    if born > today:
        raise BadRequest("dateOfBirth must not be in the future")
    if born < MIN_DATE_OF_BIRTH:
        raise BadRequest(f"dateOfBirth must not be before {MIN_DATE_OF_BIRTH.isoformat()}")
    return value


def check_profile_image_url(url: str) -> str:
    """Check a profile image URL.

    Raises:
        BadRequest: Not an https URL with a host, or over 2,048 characters.
    """
    if len(url) > MAX_URL_CHARS:
        raise BadRequest(f"profileImageUrl is over {MAX_URL_CHARS} characters")
    if any(char.isspace() or unicodedata.category(char) == "Cc" for char in url):
        raise BadRequest("profileImageUrl must not contain spaces or control characters")
    try:
        parts = urlsplit(url)
    except ValueError:
        raise BadRequest("profileImageUrl is not a valid URL") from None
    if parts.scheme != "https" or not parts.hostname:
        raise BadRequest("profileImageUrl must be an https URL with a host")
    return url


def check_user_id(user_id: str) -> str:
    """Check a user id.

    Raises:
        BadRequest: Empty, too long, or with characters outside letters, digits and `._@:-`.
    """
    if not _USER_ID.fullmatch(user_id):
        raise BadRequest(
            f"userId must be 1-{MAX_USER_ID_CHARS} letters, digits or the characters ._@:-"
        )
    return user_id


def check_entity_id(field: str, value: str) -> str:
    """Check a group, thread or message id.

    Raises:
        BadRequest: Not a ULID.
    """
    if not is_ulid(value):
        raise BadRequest(f"{field} must be a ULID (26 characters of Crockford base32)")
    return value


def check_client_message_id(value: str) -> str:
    """Check a client-chosen message id used to make a send idempotent.

    Raises:
        BadRequest: Empty, too long, or with characters outside letters, digits and `._:-`.
    """
    if not _CLIENT_MESSAGE_ID.fullmatch(value):
        raise BadRequest("clientMessageId must be 1-64 letters, digits or the characters ._:-")
    return value


def check_limit(limit: int | None, default: int) -> int:
    """Check a page size, or return the default when it is None.

    Raises:
        BadRequest: Not between 1 and 100.
    """
    if limit is None:
        return default
    if isinstance(limit, bool) or not 1 <= limit <= MAX_PAGE_LIMIT:
        raise BadRequest(f"limit must be between 1 and {MAX_PAGE_LIMIT}")
    return limit


# Membership, invitations and finding people.

INVITATION_LIFETIME = timedelta(days=7)
"""How long an invitation stays open; inviting again starts it over."""
MAX_CONNECTIONS_PER_USER = 10
"""Live connections one user may hold (a setting: OURCHAT_MAX_CONNECTIONS_PER_USER)."""
DEFAULT_MEMBERS_LIMIT = 50
DEFAULT_INVITATIONS_LIMIT = 20
MIN_QUERY_CHARS = 2
MAX_QUERY_CHARS = 64
DEFAULT_FIND_LIMIT = 10
MAX_FIND_LIMIT = 20
EVENT_RETENTION = timedelta(days=8)
"""How long a group's events stay readable by `sync` (at least the 7 days promised)."""


def check_role(value: str) -> Role:
    """Check a role name.

    Raises:
        BadRequest: Not owner, admin or member.
    """
    try:
        return Role(value)
    except ValueError:
        raise BadRequest("role must be one of owner, admin, member") from None


def search_key(text: str) -> str:
    """The form names and ids are matched in: NFKC-normalized and case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def check_search_query(query: str) -> str:
    """Check a findUsers query and return its search key.

    Raises:
        BadRequest: Shorter than 2 or longer than 64 characters, blank, or not valid text.
    """
    _utf8_length("query", query)
    key = search_key(query.strip())
    if not MIN_QUERY_CHARS <= len(key) <= MAX_QUERY_CHARS:
        raise BadRequest(f"query must be {MIN_QUERY_CHARS}-{MAX_QUERY_CHARS} characters")
    return key


def check_find_limit(limit: int | None) -> int:
    """Check findUsers' limit (1-20, 10 by default).

    Raises:
        BadRequest: Out of range.
    """
    if limit is None:
        return DEFAULT_FIND_LIMIT
    if isinstance(limit, bool) or not 1 <= limit <= MAX_FIND_LIMIT:
        raise BadRequest(f"limit must be between 1 and {MAX_FIND_LIMIT}")
    return limit


# Messages people can fix.

MAX_REACTIONS_PER_MESSAGE = 20
"""Distinct emoji on one message; one more is a conflict."""
MAX_REACTION_USER_IDS = 10
"""How many of the users who reacted with an emoji a message names."""
EXCERPT_CHARS = 140
"""How much of a message a reply quotes."""


def excerpt_of(content: str) -> str:
    """The part of a message's content that a reply to it quotes: its first 140 characters,
    or a few less so as not to split an emoji sequence or a letter from its accents.
    """
    cut = min(len(content), EXCERPT_CHARS)
    while 0 < cut < len(content) and (
        _continues(content[cut]) or content[cut - 1] == _ZWJ or _splits_a_flag(content, cut)
    ):
        cut -= 1
    return content[:cut]


def _continues(char: str) -> bool:
    """Whether a character belongs with the one before it (accents, joiners, modifiers)."""
    point = ord(char)
    return (
        unicodedata.category(char).startswith("M")
        or char == _ZWJ
        or 0xFE00 <= point <= 0xFE0F  # variation selectors
        or 0x1F3FB <= point <= 0x1F3FF  # skin tones
        or 0xE0020 <= point <= 0xE007F  # tags (subdivision flags)
    )


def _splits_a_flag(content: str, cut: int) -> bool:
    """Whether the cut falls inside a pair of regional indicators (a flag)."""
    run = 0
    while cut - run - 1 >= 0 and _is_regional_indicator(content[cut - run - 1]):
        run += 1
    return run % 2 == 1 and _is_regional_indicator(content[cut])


def _is_regional_indicator(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


# Resuming with sync.

DEFAULT_SYNC_LIMIT = 100
MAX_SYNC_LIMIT = 500
"""Events one sync reply holds at most (and at most MAX_PAGE_BYTES of them)."""
MAX_SYNC_GROUPS = 500
"""Groups one sync names at most: as many as a user may be a member of."""


def check_sync_limit(limit: int | None) -> int:
    """Check how many events a sync reply may hold, or return the default when None.

    Raises:
        BadRequest: Not between 1 and 500.
    """
    if limit is None:
        return DEFAULT_SYNC_LIMIT
    if isinstance(limit, bool) or not 1 <= limit <= MAX_SYNC_LIMIT:
        raise BadRequest(f"limit must be between 1 and {MAX_SYNC_LIMIT}")
    return limit


def check_after_seq(after_seq: int) -> int:
    """Check a client's position in a group's history.

    Raises:
        BadRequest: Not a whole number of at least 0.
    """
    if isinstance(after_seq, bool) or not isinstance(after_seq, int) or after_seq < 0:
        raise BadRequest("afterSeq must be a whole number of at least 0")
    return after_seq


# Read state, typing and presence.

MAX_UNREAD_COUNT = 100
"""Unread counts stop at this: a badge shows "99+" past it, and counting stops early."""
UNREAD_THREADS_PER_GROUP = 20
"""A group's unread count sums over its this many most recently active threads."""
TYPING_REPEAT = timedelta(seconds=3)
"""A member's typing in one thread is passed on at most once per this long."""
TYPING_SWITCH = timedelta(seconds=1)
"""A member's typing is passed on at most once per this long whatever the thread: switching
threads cannot turn the per-thread dedupe into a stream of pushes to the whole group."""
