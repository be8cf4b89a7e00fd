"""Pending invitations in the Invitation table (userId, groupId) and its ByInvitee index."""

from __future__ import annotations

from ourchat.adapters.dynamodb.codec import entity_from_item, entity_item, key
from ourchat.adapters.dynamodb.database import DynamoDbTables
from ourchat.adapters.dynamodb.errors import translating_errors
from ourchat.adapters.dynamodb.listing import newest_first
from ourchat.adapters.dynamodb.tables import INVITATION, INVITATIONS_BY_INVITEE
from ourchat.domain.models import Invitation, Page
from ourchat.domain.pagination import page_of, sort_key
from ourchat.domain.timestamps import parse_timestamp


def invitation_sort_key(invitation: Invitation) -> str:
    """An invitation's place in its invitee's list: newest createdAt first, then groupId."""
    return sort_key(invitation.created_at, invitation.group_id)


class DynamoDbInvitations:
    """Invitation operations; a part of `DynamoDbStore`."""

    _db: DynamoDbTables

    @translating_errors
    def put_invitation(self, invitation: Invitation) -> Invitation:
        """Store or refresh an invitation (one PutItem; TTL on expiresAtEpoch)."""
        db = self._db
        expires = int(parse_timestamp(invitation.expires_at).timestamp())
        db.client.put_item(
            TableName=db.name(INVITATION),
            Item=entity_item(
                invitation, inviteKey=invitation_sort_key(invitation), expiresAtEpoch=expires
            ),
        )
        return invitation

    @translating_errors
    def get_invitation(self, group_id: str, user_id: str, now: str) -> Invitation | None:
        """Return the live invitation, or None (strongly consistent GetItem)."""
        db = self._db
        response = db.client.get_item(
            TableName=db.name(INVITATION),
            Key=key(userId=user_id, groupId=group_id),
            ConsistentRead=True,
        )
        item = response.get("Item")
        if item is None:
            return None
        invitation = entity_from_item(Invitation, item)
        return invitation if invitation.expires_at > now else None

    @translating_errors
    def list_invitations(
        self, user_id: str, now: str, *, before_key: str | None, limit: int
    ) -> Page[Invitation]:
        """Return a page of live invitations, newest first (Query on ByInvitee).

        Expired ones are filtered out as they are read; the Query goes on until the page
        is full or the invitations end, so a page is never short while more are live.
        """
        db = self._db
        items = newest_first(
            db.client,
            table_name=db.name(INVITATION),
            index=INVITATION.index(INVITATIONS_BY_INVITEE),
            partition_value=user_id,
            before_key=before_key,
            limit=limit,
            live_after=("expiresAt", now),
        )
        invitations = [entity_from_item(Invitation, item) for item in items]
        return page_of(invitations, limit, invitation_sort_key)

    @translating_errors
    def delete_invitation(self, group_id: str, user_id: str) -> None:
        """Forget an invitation; an unknown one is no error (one DeleteItem)."""
        db = self._db
        db.client.delete_item(
            TableName=db.name(INVITATION), Key=key(userId=user_id, groupId=group_id)
        )
