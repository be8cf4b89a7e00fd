"""Live connections in the Connection table (userId, connectionId) and their subscriptions.

Registering writes the connection first and reads the user's memberships afterwards;
adding a member reads the user's connections again after writing the membership. So of a
connect and an add racing, the second sees the first's write, up to the replication lag
of the ByUser index (see docs/design.md).
"""

from __future__ import annotations

from ourchat.adapters.dynamodb.codec import entity_item, key
from ourchat.adapters.dynamodb.database import DynamoDbTables
from ourchat.adapters.dynamodb.errors import translating_errors
from ourchat.adapters.dynamodb.memberships import memberships_of_user
from ourchat.adapters.dynamodb.reads import batch_get_items
from ourchat.adapters.dynamodb.subscriptions import subscription_delete, subscription_put
from ourchat.adapters.dynamodb.tables import CONNECTION, MEMBERSHIP
from ourchat.adapters.dynamodb.writes import transact_in_chunks
from ourchat.domain.models import Connection


def _group_ids_of(db: DynamoDbTables, user_id: str) -> list[str]:
    return [membership.group_id for membership in memberships_of_user(db, user_id)]


class DynamoDbConnections:
    """Connection operations; a part of `DynamoDbStore`."""

    _db: DynamoDbTables

    @translating_errors
    def put_connection(self, connection: Connection) -> None:
        """Register a connection (PutItem), then subscribe it to each of its user's groups.

        The groups come from the eventually consistent ByUser index, which may still list a
        membership that ended a moment ago; so the memberships are read again, strongly,
        after subscribing, and a subscription whose membership is gone is deleted. (A removal
        that commits after that read deletes the new subscription itself: it finds the
        connection in the user's partition.)

        Costs one PutItem, one Query on ByUser, one TransactWriteItems per 100 groups, and
        one consistent BatchGetItem of the memberships.
        """
        db = self._db
        db.client.put_item(TableName=db.name(CONNECTION), Item=entity_item(connection))
        group_ids = _group_ids_of(db, connection.user_id)
        transact_in_chunks(
            db.client, [subscription_put(db, group_id, connection) for group_id in group_ids]
        )
        if not group_ids:
            return
        keys = [key(groupId=g, userId=connection.user_id) for g in group_ids]
        current = batch_get_items(db.client, db.name(MEMBERSHIP), keys, consistent=True)
        gone = set(group_ids) - {str(item["groupId"]["S"]) for item in current}
        transact_in_chunks(
            db.client, [subscription_delete(db, g, connection.connection_id) for g in sorted(gone)]
        )

    @translating_errors
    def delete_connection(self, user_id: str, connection_id: str) -> None:
        """Forget a connection and its subscriptions; unknown ones are no error.

        Costs one Query on ByUser and one TransactWriteItems per 100 items deleted.
        """
        db = self._db
        deletes = [
            subscription_delete(db, group_id, connection_id)
            for group_id in _group_ids_of(db, user_id)
        ]
        deletes.append(
            {
                "Delete": {
                    "TableName": db.name(CONNECTION),
                    "Key": key(userId=user_id, connectionId=connection_id),
                }
            }
        )
        transact_in_chunks(db.client, deletes)
