"""Groups in the Group table (partition key groupId)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from ourchat.adapters.dynamodb.codec import Item, entity_from_item, entity_item, key
from ourchat.adapters.dynamodb.database import DynamoDbTables
from ourchat.adapters.dynamodb.errors import (
    TRANSACTION_CANCELED,
    error_code,
    is_transient,
    translating_errors,
)
from ourchat.adapters.dynamodb.history import Change, commit_group_change, seq_of
from ourchat.adapters.dynamodb.memberships import finish_join, membership_put, prepare_join
from ourchat.adapters.dynamodb.reads import batch_get_items
from ourchat.adapters.dynamodb.tables import GROUP
from ourchat.domain.errors import Conflict
from ourchat.domain.events import GROUP_UPDATED, GroupEvent
from ourchat.domain.models import Group, Membership, changed

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef


class DynamoDbGroups:
    """Group operations; a part of `DynamoDbStore`."""

    _db: DynamoDbTables

    @translating_errors
    def create_group(self, group: Group, owner: Membership) -> None:
        """Store a new group, its owner's membership and the owner's subscriptions.

        One TransactWriteItems writes them all; the owner's connections are read before (and,
        for connections registered meanwhile, after) as in `memberships.add_membership`.

        Raises:
            Conflict: A group with this id exists already.
        """
        db = self._db
        joining = prepare_join(db, owner, 2)
        put_group: TransactWriteItemTypeDef = {
            "Put": {
                "TableName": db.name(GROUP),
                "Item": entity_item(group),
                "ConditionExpression": "attribute_not_exists(groupId)",
            }
        }
        actions = [put_group, membership_put(db, owner), *joining.actions]
        try:
            db.client.transact_write_items(TransactItems=actions)
        except ClientError as error:
            if error_code(error) == TRANSACTION_CANCELED and not is_transient(error):
                raise Conflict(f"group {group.group_id} exists already") from error
            raise
        finish_join(db, owner, joining)

    @translating_errors
    def get_group(self, group_id: str) -> Group | None:
        """Return the group, or None (strongly consistent GetItem)."""
        db = self._db
        response = db.client.get_item(
            TableName=db.name(GROUP), Key=key(groupId=group_id), ConsistentRead=True
        )
        item = response.get("Item")
        return entity_from_item(Group, item) if item is not None else None

    @translating_errors
    def get_groups(self, group_ids: Sequence[str], *, consistent: bool = False) -> list[Group]:
        """Return the groups that exist among the ids (BatchGetItem, eventually consistent
        unless asked otherwise)."""
        db = self._db
        keys = [key(groupId=group_id) for group_id in dict.fromkeys(group_ids)]
        items = batch_get_items(db.client, db.name(GROUP), keys, consistent=consistent)
        return [entity_from_item(Group, item) for item in items]

    @translating_errors
    def update_group(
        self, group_id: str, group_name: str | None, emoticon: str | None
    ) -> GroupEvent:
        """Set the name and emoticon with group.updated: one transaction on the group item
        (the emoticon is written as an empty string's absence: REMOVE when None).

        Raises:
            NotFound: There is no such group.
        """
        db = self._db

        def plan(item: Item) -> Change[GroupEvent]:
            # The group item just read is current (the seq gate): change only what was asked.
            group = entity_from_item(Group, item)
            name = group_name if group_name is not None else group.group_name
            face = changed(group.emoticon, emoticon)
            updated = replace(group, group_name=name, emoticon=face, seq=seq_of(item) + 1)
            sets: dict[str, str | int] = {"groupName": name}
            if face is not None:
                sets["emoticon"] = face
            return Change(
                events=[GroupEvent(GROUP_UPDATED, group_id, updated)],
                group_sets=sets,
                group_removes=[] if face is not None else ["emoticon"],
                result=lambda _seq, events: events[0],
            )

        return commit_group_change(db, group_id, plan)
