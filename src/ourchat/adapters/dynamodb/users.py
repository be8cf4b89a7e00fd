"""User profiles in the User table (partition key userId)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from ourchat.adapters.dynamodb.codec import (
    Item,
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
from ourchat.adapters.dynamodb.reads import batch_get_items, query_items
from ourchat.adapters.dynamodb.tables import READ_POINTER, USER, USERS_BY_ID, USERS_BY_NAME
from ourchat.adapters.dynamodb.writes import transact_in_chunks
from ourchat.domain.limits import MIN_QUERY_CHARS, search_key
from ourchat.domain.models import PublicProfile, User
from ourchat.domain.records import to_record

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

if TYPE_CHECKING:
    pass

# Optional profile attributes: a put without them removes them from a stored profile.
OPTIONAL_ATTRIBUTES = ("profileImageUrl", "dateOfBirth")
# A search query has at least this many characters: its index partition is its prefix.
PREFIX_CHARS = MIN_QUERY_CHARS


def select_user(db: DynamoDbTables, user_id: str, *, consistent: bool = True) -> User | None:
    """Return the user, or None (GetItem)."""
    response = db.client.get_item(
        TableName=db.name(USER), Key=key(userId=user_id), ConsistentRead=consistent
    )
    item = response.get("Item")
    return entity_from_item(User, item) if item is not None else None


def search_attributes(user: User) -> dict[str, Scalar]:
    """The keys of a user in the two search indexes: name and id, each by a 2-char prefix."""
    name_key = f"{search_key(user.user_name)}#{user.user_id}"
    id_key = search_key(user.user_id)
    return {
        "namePrefix": name_key[:PREFIX_CHARS],
        "nameKey": name_key,
        "idPrefix": id_key[:PREFIX_CHARS],
        "idKey": id_key,
    }


def _add_search_attributes(db: DynamoDbTables, user: User) -> None:
    """Give a user stored before findUsers existed its search keys, so people can find it
    from its next connect on (one UpdateItem, once per such user)."""
    attributes = search_attributes(user)
    try:
        db.client.update_item(
            TableName=db.name(USER),
            Key=key(userId=user.user_id),
            UpdateExpression="SET " + ", ".join(f"#{name} = :{name}" for name in attributes),
            ConditionExpression="attribute_exists(userId) AND attribute_not_exists(nameKey)",
            ExpressionAttributeNames={f"#{name}": name for name in attributes},
            ExpressionAttributeValues={f":{n}": encode_value(v) for n, v in attributes.items()},
        )
    except ClientError as error:
        if error_code(error) != CONDITIONAL_CHECK_FAILED:
            raise  # else a concurrent connect of the same user added them first


def _profile_update(user: User) -> tuple[str, dict[str, str], dict[str, Scalar]]:
    record = to_record(user) | search_attributes(user)
    names = {"#createdAt": "createdAt"}
    values: dict[str, Scalar] = {":createdAt": record["createdAt"]}
    assignments = ["#createdAt = if_not_exists(#createdAt, :createdAt)"]
    for attribute in ("userName", *search_attributes(user)):
        names[f"#{attribute}"] = attribute
        values[f":{attribute}"] = record[attribute]
        assignments.append(f"#{attribute} = :{attribute}")
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
        response = db.client.get_item(
            TableName=db.name(USER), Key=key(userId=user.user_id), ConsistentRead=True
        )
        item = response.get("Item")
        if item is not None:
            existing = entity_from_item(User, item)
            if "nameKey" not in item:
                _add_search_attributes(db, existing)
            return existing
        try:
            db.client.put_item(
                TableName=db.name(USER),
                Item=entity_item(user, **search_attributes(user)),
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

    @translating_errors
    def delete_user(self, user_id: str) -> None:
        """Delete the User item (its presence set with it) and the user's ReadPointer items
        (a Query of their partition, then transactions of up to 100 deletes)."""
        db = self._db
        pointers = query_items(
            db.client,
            {
                "TableName": db.name(READ_POINTER),
                "KeyConditionExpression": "userId = :u",
                "ExpressionAttributeValues": {":u": encode_value(user_id)},
                "ProjectionExpression": "userId, threadId",
            },
        )
        deletes: list[TransactWriteItemTypeDef] = [
            {"Delete": {"TableName": db.name(READ_POINTER), "Key": dict(pointer)}}
            for pointer in pointers
        ]
        deletes.append({"Delete": {"TableName": db.name(USER), "Key": key(userId=user_id)}})
        transact_in_chunks(db.client, deletes)

    @translating_errors
    def get_users(self, user_ids: list[str]) -> list[User]:
        """Return the users that exist among the ids (eventually consistent BatchGetItem)."""
        db = self._db
        keys = [key(userId=user_id) for user_id in dict.fromkeys(user_ids)]
        return [
            entity_from_item(User, item) for item in batch_get_items(db.client, db.name(USER), keys)
        ]

    @translating_errors
    def find_users(self, query_key: str, limit: int) -> list[PublicProfile]:
        """Return users by name or id prefix: one Query on each search index, merged by name.

        Each Query reads at most `limit` items of one index partition (the query's first two
        characters), so the cost grows with `limit`, never with the number of users.
        """
        found: dict[str, Item] = {}
        for index, prefix, sort in (
            (USERS_BY_NAME, "namePrefix", "nameKey"),
            (USERS_BY_ID, "idPrefix", "idKey"),
        ):
            for item in self._search(index, prefix, sort, query_key, limit):
                found[str(item["userId"]["S"])] = item
        ordered = sorted(found.values(), key=lambda item: str(item["nameKey"]["S"]))
        profiles = [entity_from_item(User, item) for item in ordered[:limit]]
        return [PublicProfile(u.user_id, u.user_name, u.profile_image_url) for u in profiles]

    def _search(
        self, index: str, prefix: str, sort: str, key_prefix: str, limit: int
    ) -> list[Item]:
        db = self._db
        return query_items(
            db.client,
            {
                "TableName": db.name(USER),
                "IndexName": index,
                "KeyConditionExpression": "#p = :p AND begins_with(#s, :k)",
                "ExpressionAttributeNames": {"#p": prefix, "#s": sort},
                "ExpressionAttributeValues": {
                    ":p": encode_value(key_prefix[:PREFIX_CHARS]),
                    ":k": encode_value(key_prefix),
                },
            },
            max_items=limit,
        )
