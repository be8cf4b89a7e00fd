"""User profiles in the User table (partition key userId)."""

from __future__ import annotations

from botocore.exceptions import ClientError

from ourchat.adapters.dynamodb.codec import (
    Scalar,
    encode_value,
    entity_from_item,
    entity_item,
    key,
)
from ourchat.adapters.dynamodb.database import DynamoDbTables
from ourchat.adapters.dynamodb.errors import (
    CONDITIONAL_CHECK_FAILED,
    error_code,
    translating_errors,
)
from ourchat.adapters.dynamodb.tables import USER
from ourchat.domain.models import User
from ourchat.domain.records import to_record

# Optional profile attributes: a put without them removes them from a stored profile.
OPTIONAL_ATTRIBUTES = ("profileImageUrl", "dateOfBirth")


def select_user(db: DynamoDbTables, user_id: str, *, consistent: bool = True) -> User | None:
    """Return the user, or None (GetItem)."""
    response = db.client.get_item(
        TableName=db.name(USER), Key=key(userId=user_id), ConsistentRead=consistent
    )
    item = response.get("Item")
    return entity_from_item(User, item) if item is not None else None


def _profile_update(user: User) -> tuple[str, dict[str, str], dict[str, Scalar]]:
    record = to_record(user)
    names = {"#createdAt": "createdAt", "#userName": "userName"}
    values: dict[str, Scalar] = {":createdAt": record["createdAt"], ":userName": record["userName"]}
    assignments = ["#createdAt = if_not_exists(#createdAt, :createdAt)", "#userName = :userName"]
    removals: list[str] = []
    for attribute in OPTIONAL_ATTRIBUTES:
        names[f"#{attribute}"] = attribute
        if attribute in record:
            assignments.append(f"#{attribute} = :{attribute}")
            values[f":{attribute}"] = record[attribute]
        else:
            removals.append(f"#{attribute}")
    expression = "SET " + ", ".join(assignments)
    if removals:
        expression += " REMOVE " + ", ".join(removals)
    return expression, names, values


class DynamoDbUsers:
    """User operations; a part of `DynamoDbStore`."""

    _db: DynamoDbTables

    @translating_errors
    def get_user(self, user_id: str) -> User | None:
        """Return the user, or None (strongly consistent GetItem)."""
        return select_user(self._db, user_id)

    @translating_errors
    def put_user(self, user: User) -> User:
        """Create or update a profile, keeping an existing createdAt (one UpdateItem).

        Returns:
            The profile as stored.
        """
        db = self._db
        expression, names, values = _profile_update(user)
        response = db.client.update_item(
            TableName=db.name(USER),
            Key=key(userId=user.user_id),
            UpdateExpression=expression,
            ExpressionAttributeNames=names,
            ExpressionAttributeValues={name: encode_value(v) for name, v in values.items()},
            ReturnValues="ALL_NEW",
        )
        return entity_from_item(User, response["Attributes"])

    @translating_errors
    def create_user_if_missing(self, user: User) -> User:
        """Store the user unless it exists; return the stored one.

        The common case on $connect is a returning user, so a strongly consistent GetItem
        (1 RCU) comes first and the conditional PutItem (1 WCU) is only tried for a new user.
        """
        db = self._db
        existing = select_user(db, user.user_id)
        if existing is not None:
            return existing
        try:
            db.client.put_item(
                TableName=db.name(USER),
                Item=entity_item(user),
                ConditionExpression="attribute_not_exists(userId)",
            )
        except ClientError as error:
            if error_code(error) != CONDITIONAL_CHECK_FAILED:
                raise
            # A concurrent $connect of the same user created it between our read and write.
            winner = select_user(db, user.user_id)
            if winner is None:
                raise
            return winner
        return user
