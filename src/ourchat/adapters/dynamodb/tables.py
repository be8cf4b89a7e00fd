"""DynamoDB table definitions: the ONE place that states keys, indexes and TTL attributes.

The DynamoDB adapter, the test fixtures that create tables on a DynamoDB-compatible server,
and the CDK app all read these definitions; none of them retypes a key. This module is
plain data and imports neither boto3 nor the CDK. docs/design.md explains the design.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

AttributeType = Literal["S", "N"]


@dataclass(frozen=True, slots=True)
class Key:
    """A key attribute and its DynamoDB scalar type."""

    name: str
    type: AttributeType = "S"


Projection = Literal["ALL", "KEYS_ONLY"]


@dataclass(frozen=True, slots=True)
class Index:
    """A global secondary index, projecting all attributes or only the keys."""

    name: str
    partition_key: Key
    sort_key: Key | None = None
    projection: Projection = "ALL"


@dataclass(frozen=True, slots=True)
class TableDefinition:
    """One table: its logical name (as in the spec), keys, indexes and TTL attribute."""

    logical_name: str
    partition_key: Key
    sort_key: Key | None = None
    indexes: tuple[Index, ...] = field(default_factory=tuple)
    ttl_attribute: str | None = None

    @property
    def attribute_definitions(self) -> dict[str, AttributeType]:
        """Every key attribute of the table and its indexes, with its type."""
        keys = [self.partition_key, self.sort_key]
        for index in self.indexes:
            keys += [index.partition_key, index.sort_key]
        return {k.name: k.type for k in keys if k is not None}

    def index(self, name: str) -> Index:
        """Return the index of that name.

        Raises:
            KeyError: The table has no such index.
        """
        for index in self.indexes:
            if index.name == name:
                return index
        raise KeyError(f"{self.logical_name} has no index {name}")


# findUsers: a user's name and id each have a search index, partitioned by the first two
# characters of the search key (a query has at least two), sorted by the whole key.
USERS_BY_NAME = "ByNamePrefix"
USERS_BY_ID = "ByIdPrefix"
USER = TableDefinition(
    "User",
    Key("userId"),
    indexes=(
        Index(USERS_BY_NAME, Key("namePrefix"), Key("nameKey")),
        Index(USERS_BY_ID, Key("idPrefix"), Key("idKey")),
    ),
)

# The item carries `seq`, the number of the group's latest event.
GROUP = TableDefinition("Group", Key("groupId"))

THREADS_BY_GROUP = "ByGroup"
THREAD = TableDefinition(
    "Thread",
    Key("threadId"),
    # lastMessageKey is "<lastMessageAt>#<threadId>": most recent first, ties broken by id.
    indexes=(Index(THREADS_BY_GROUP, Key("groupId"), Key("lastMessageKey")),),
)

MESSAGES_BY_THREAD = "GSI1"
MESSAGES_BY_SEQ = "ByGroupSeq"
MESSAGES_BY_REPLY_TO = "ByReplyTo"
MESSAGE = TableDefinition(
    "Message",
    Key("messageId"),
    indexes=(
        # GSI1PK is "GROUP#<groupId>#THREAD#<threadId>"; GSI1SK is "<createdAt>#<messageId>".
        Index(MESSAGES_BY_THREAD, Key("GSI1PK"), Key("GSI1SK")),
        # A message is its group's message.created event: the history reads it by seq.
        Index(MESSAGES_BY_SEQ, Key("groupId"), Key("seq", "N")),
        # The replies to a message (sparse: only replies carry replyToMessageId), which its
        # deletion marks; their keys are all it needs.
        Index(MESSAGES_BY_REPLY_TO, Key("replyToMessageId"), Key("messageId"), "KEYS_ONLY"),
    ),
)

MEMBERSHIPS_BY_USER = "ByUser"
MEMBERSHIP = TableDefinition(
    "Membership",
    Key("groupId"),
    Key("userId"),
    indexes=(Index(MEMBERSHIPS_BY_USER, Key("userId"), Key("groupId")),),
)

CONNECTION = TableDefinition(
    "Connection", Key("userId"), Key("connectionId"), ttl_attribute="expiresAt"
)

# One item per (group, live connection of a member): the fan-out of a message is one Query.
# The subscription of the group a connection watches the presence of carries
# watchGroupId, the key of the sparse ByWatch index: a group's watchers are one Query.
SUBSCRIPTIONS_BY_WATCH = "ByWatch"
SUBSCRIPTION = TableDefinition(
    "Subscription",
    Key("groupId"),
    Key("connectionId"),
    indexes=(Index(SUBSCRIPTIONS_BY_WATCH, Key("watchGroupId"), Key("connectionId")),),
    ttl_attribute="expiresAt",
)

# A pending invitation per (invitee, group); ByInvitee lists a user's newest first by
# inviteKey "<createdAt>#<groupId>". expiresAtEpoch is the TTL (readers filter on expiresAt).
INVITATIONS_BY_INVITEE = "ByInvitee"
INVITATION = TableDefinition(
    "Invitation",
    Key("userId"),
    Key("groupId"),
    indexes=(Index(INVITATIONS_BY_INVITEE, Key("userId"), Key("inviteKey")),),
    ttl_attribute="expiresAtEpoch",
)

# One item per (message, emoji, user) reaction: reactionKey is "<emoji>#<userId>", so the
# users of one emoji are one Query. The message item carries the counts.
REACTION = TableDefinition("Reaction", Key("messageId"), Key("reactionKey"))

# The events of each group's history other than message.created (a message is its own).
GROUP_EVENT = TableDefinition(
    "GroupEvent", Key("groupId"), Key("seq", "N"), ttl_attribute="expiresAt"
)

# Where a user's membership of a group ended, for as long as the group's events are kept.
DEPARTURE = TableDefinition("Departure", Key("userId"), Key("groupId"), ttl_attribute="expiresAt")

# How far each user read each thread: a user's pointers of a page of threads are one
# BatchGetItem.
READ_POINTER = TableDefinition("ReadPointer", Key("userId"), Key("threadId"))

ALL_TABLES: tuple[TableDefinition, ...] = (
    USER,
    GROUP,
    THREAD,
    MESSAGE,
    MEMBERSHIP,
    CONNECTION,
    SUBSCRIPTION,
    INVITATION,
    GROUP_EVENT,
    DEPARTURE,
    REACTION,
    READ_POINTER,
)

TABLE_NAME_ENV_PREFIX = "OURCHAT_TABLE_"


def table_name_env_var(table: TableDefinition) -> str:
    """Return the environment variable that carries a table's physical name."""
    return TABLE_NAME_ENV_PREFIX + table.logical_name.upper()


def table_names_from_env(
    env: Mapping[str, str], default_prefix: str = "ourchat-"
) -> dict[str, str]:
    """Map each logical table name to its physical name from the environment.

    Args:
        env: The environment, e.g. os.environ.
        default_prefix: Prefix of the physical name of a table whose variable is unset.

    Returns:
        Logical name to physical name, for every table.
    """
    return {
        table.logical_name: env.get(table_name_env_var(table), default_prefix + table.logical_name)
        for table in ALL_TABLES
    }
