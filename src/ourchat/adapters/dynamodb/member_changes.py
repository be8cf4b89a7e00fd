"""Changes of a group's members on DynamoDB: joining, roles, leaving; each one transaction
with its event (`history.commit_group_change`), and the member list."""

from __future__ import annotations

import time
from dataclasses import replace

from ourchat.adapters.dynamodb.codec import Item, encode_value, entity_from_item, key
from ourchat.adapters.dynamodb.database import DynamoDbTables
from ourchat.adapters.dynamodb.errors import translating_errors
from ourchat.adapters.dynamodb.history import (
    RETENTION_SECONDS,
    Change,
    ChangeRefused,
    commit_group_change,
    seq_of,
)
from ourchat.adapters.dynamodb.memberships import (
    finish_join,
    member_key,
    membership_put,
    prepare_join,
    select_membership,
)
from ourchat.adapters.dynamodb.reads import batch_get_items, query_items
from ourchat.adapters.dynamodb.subscriptions import connections_of_user, subscription_delete
from ourchat.adapters.dynamodb.tables import DEPARTURE, INVITATION, MEMBERSHIP, USER
from ourchat.adapters.dynamodb.writes import TRANSACTION_MAX_ITEMS, transact_in_chunks
from ourchat.domain.errors import Conflict, NotFound
from ourchat.domain.events import (
    MEMBER_ADDED,
    MEMBER_REMOVED,
    MEMBER_UPDATED,
    GroupEvent,
    MemberAdded,
    MemberRemoved,
    MemberUpdated,
)
from ourchat.domain.models import Departure, Invitation, Member, Membership, Page, Role, User
from ourchat.domain.pagination import page_of

# Actions besides the subscriptions in a join or a leave: the group's seq, the membership,
# the invitation (or the departure), the GroupEvent.
_CHANGE_OVERHEAD = 4


def _role_update(
    db: DynamoDbTables, group_id: str, user_id: str, role: Role, required: Role | None = None
) -> dict[str, object]:
    condition = "attribute_exists(userId)"
    values = {":role": encode_value(str(role))}
    if required is not None:
        condition += " AND #role = :required"
        values[":required"] = encode_value(str(required))
    return {
        "Update": {
            "TableName": db.name(MEMBERSHIP),
            "Key": member_key(group_id, user_id),
            "UpdateExpression": "SET #role = :role",
            "ConditionExpression": condition,
            "ExpressionAttributeNames": {"#role": "role"},
            "ExpressionAttributeValues": values,
        }
    }


def _first(_seq: int, events: list[GroupEvent]) -> GroupEvent:
    return events[0]


class DynamoDbMemberChanges:
    """Member changes and the member list; a part of `DynamoDbStore`."""

    _db: DynamoDbTables

    @translating_errors
    def add_membership(
        self, membership: Membership, invitation: Invitation | None = None
    ) -> GroupEvent:
        """Write the membership, the subscriptions of the member's connections and the
        invitation's deletion with member.added, in one transaction.

        Raises:
            NotFound: The group does not exist, or the invitation is gone.
            Conflict: The user is a member already.
        """
        db = self._db
        joining = prepare_join(db, membership, _CHANGE_OVERHEAD)
        added = MemberAdded(membership.group_id, membership.user_id, membership.role)

        def plan(group: Item) -> Change[GroupEvent]:
            stored = replace(membership, joined_seq=seq_of(group) + 1)
            actions = [membership_put(db, stored), *joining.actions]
            if invitation is not None:
                actions.append(
                    {
                        "Delete": {
                            "TableName": db.name(INVITATION),
                            "Key": key(userId=invitation.user_id, groupId=invitation.group_id),
                            "ConditionExpression": "attribute_exists(userId)",
                        }
                    }
                )
            event = GroupEvent(MEMBER_ADDED, membership.group_id, added)
            return Change(actions, [event], result=_first)

        try:
            event = commit_group_change(db, membership.group_id, plan)
        except ChangeRefused as refused:
            if refused.index == 0:
                raise Conflict(f"{membership.user_id} is a member of this group already") from None
            raise NotFound("the invitation is gone") from None
        finish_join(db, membership, joining)
        return event

    @translating_errors
    def set_role(self, group_id: str, owner_id: str, user_id: str, role: Role) -> GroupEvent:
        """Change a member's role with member.updated, in one transaction.

        Every role change passes the group's seq, so both memberships, read after the group,
        are current when the change commits.

        Raises:
            NotFound: The user is not a member.
            Conflict: `owner_id` is not the owner, or the user is.
        """
        db = self._db
        event = GroupEvent(MEMBER_UPDATED, group_id, MemberUpdated(group_id, user_id, role))

        def plan(_group: Item) -> Change[GroupEvent]:
            owner = select_membership(db, group_id, owner_id)
            if owner is None or owner.role is not Role.OWNER:
                raise Conflict(f"{owner_id} is not the owner of this group")
            target = select_membership(db, group_id, user_id)
            if target is not None and target.role is Role.OWNER:
                raise Conflict("the owner's role changes only by handing ownership on")
            return Change([_role_update(db, group_id, user_id, role)], [event], result=_first)  # type: ignore[list-item]

        try:
            return commit_group_change(db, group_id, plan)
        except ChangeRefused:
            raise NotFound(f"{user_id} is not a member of this group") from None

    @translating_errors
    def transfer_ownership(
        self, group_id: str, owner_id: str, new_owner_id: str
    ) -> list[GroupEvent]:
        """Make another member the owner and the owner an admin, in one transaction.

        Raises:
            NotFound: Either user is not a member.
            Conflict: `owner_id` is not the owner.
        """
        db = self._db
        owner = select_membership(db, group_id, owner_id)
        if owner is None or select_membership(db, group_id, new_owner_id) is None:
            raise NotFound("both users must be members of this group")
        if owner.role is not Role.OWNER:
            raise Conflict(f"{owner_id} is not the owner of this group")
        events = [
            GroupEvent(MEMBER_UPDATED, group_id, MemberUpdated(group_id, new_owner_id, Role.OWNER)),
            GroupEvent(MEMBER_UPDATED, group_id, MemberUpdated(group_id, owner_id, Role.ADMIN)),
        ]

        def plan(_group: Item) -> Change[list[GroupEvent]]:
            actions = [
                _role_update(db, group_id, new_owner_id, Role.OWNER),
                _role_update(db, group_id, owner_id, Role.ADMIN, required=Role.OWNER),
            ]
            return Change(actions, events, result=lambda _seq, numbered: numbered)  # type: ignore[arg-type]

        try:
            return commit_group_change(db, group_id, plan)
        except ChangeRefused as refused:
            if refused.index == 1:
                raise Conflict(f"{owner_id} is not the owner of this group") from None
            raise NotFound(f"{new_owner_id} is not a member of this group") from None

    @translating_errors
    def remove_membership(
        self, group_id: str, user_id: str, *, reason: str, departed_at: str
    ) -> GroupEvent:
        """Delete the membership and the subscriptions of the user's connections, keep a
        Departure, and log member.removed, in one transaction.

        Raises:
            NotFound: The user is not a member.
        """
        db = self._db
        membership = select_membership(db, group_id, user_id)
        if membership is None:
            raise NotFound(f"{user_id} is not a member of this group")
        unsubscribes = [
            subscription_delete(db, group_id, c.connection_id)
            for c in connections_of_user(db, user_id)
        ]
        room = TRANSACTION_MAX_ITEMS - _CHANGE_OVERHEAD
        now, later = unsubscribes[:room], unsubscribes[room:]
        event = GroupEvent(MEMBER_REMOVED, group_id, MemberRemoved(group_id, user_id, reason))

        def plan(group: Item) -> Change[GroupEvent]:
            departure = {
                "userId": encode_value(user_id),
                "groupId": encode_value(group_id),
                "seq": encode_value(seq_of(group) + 1),
                "joinedSeq": encode_value(membership.joined_seq),
                "reason": encode_value(reason),
                "departedAt": encode_value(departed_at),
                "expiresAt": encode_value(int(time.time()) + RETENTION_SECONDS),
            }
            actions = [
                {
                    "Delete": {
                        "TableName": db.name(MEMBERSHIP),
                        "Key": member_key(group_id, user_id),
                        "ConditionExpression": "attribute_exists(userId)",
                    }
                },
                {"Put": {"TableName": db.name(DEPARTURE), "Item": departure}},
                *now,
            ]
            return Change(actions, [event], result=_first)  # type: ignore[arg-type]

        try:
            removed = commit_group_change(db, group_id, plan)
        except ChangeRefused:
            raise NotFound(f"{user_id} is not a member of this group") from None
        # Only a user holding more connections than one transaction fits (the cap is a
        # setting) gets here; these deletes are idempotent, so a retry finishes the job.
        transact_in_chunks(db.client, later)
        return removed

    @translating_errors
    def get_departure(
        self, group_id: str, user_id: str, now_epoch_seconds: int
    ) -> Departure | None:
        """Return the user's latest departure while it is kept (one GetItem)."""
        db = self._db
        response = db.client.get_item(
            TableName=db.name(DEPARTURE),
            Key=key(userId=user_id, groupId=group_id),
            ConsistentRead=True,
        )
        item = response.get("Item")
        if item is None or int(str(item["expiresAt"]["N"])) <= now_epoch_seconds:
            return None
        return entity_from_item(Departure, item)

    @translating_errors
    def list_members(self, group_id: str, *, after_key: str | None, limit: int) -> Page[Member]:
        """Return a page of members by user id: a Query of `limit + 1` memberships, then one
        BatchGetItem of their profiles."""
        db = self._db
        condition = "groupId = :groupId"
        values = {":groupId": encode_value(group_id)}
        if after_key is not None:
            condition += " AND userId > :after"
            values[":after"] = encode_value(after_key)
        items = query_items(
            db.client,
            {
                "TableName": db.name(MEMBERSHIP),
                "KeyConditionExpression": condition,
                "ExpressionAttributeValues": values,
                "ConsistentRead": True,
            },
            max_items=limit + 1,
        )
        memberships = [entity_from_item(Membership, item) for item in items]
        keys = [key(userId=m.user_id) for m in memberships[:limit]]
        users = {
            user.user_id: user
            for user in (
                entity_from_item(User, item)
                for item in batch_get_items(db.client, db.name(USER), keys)
            )
        }
        members = [_member(m, users.get(m.user_id)) for m in memberships]
        return page_of(members, limit, lambda member: member.user_id)


def _member(membership: Membership, user: User | None) -> Member:
    return Member(
        membership.user_id,
        user.user_name if user is not None else membership.user_id,
        membership.role,
        membership.joined_at,
        user.profile_image_url if user is not None else None,
    )
