"""Time-ordered listings: one Query on an index, newest first, below a cursor's key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ourchat.adapters.dynamodb.codec import Item, encode_value
from ourchat.adapters.dynamodb.reads import query_items
from ourchat.adapters.dynamodb.tables import Index

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import QueryInputTypeDef


def newest_first(
    client: DynamoDBClient,
    *,
    table_name: str,
    index: Index,
    partition_value: str,
    before_key: str | None,
    limit: int,
    live_after: tuple[str, str] | None = None,
) -> list[Item]:
    """Return up to `limit + 1` items of an index partition, highest sort key first.

    The extra item tells `ourchat.domain.pagination.page_of` whether a next page exists,
    so both stores build the same cursors.

    Args:
        client: The DynamoDB client.
        table_name: The table that owns the index.
        index: The index; its sort key holds "<timestamp>#<id>".
        partition_value: The index partition to list.
        before_key: Only items whose sort key is below this one.
        limit: The page size.
        live_after: (attribute, value): only items whose attribute is above the value, e.g.
            unexpired ones; filtered as read, so expired items cost reads but no places.
    """
    if index.sort_key is None:
        raise ValueError(f"index {index.name} has no sort key to order by")
    condition = "#pk = :pk"
    names = {"#pk": index.partition_key.name}
    values = {":pk": encode_value(partition_value)}
    if before_key is not None:
        # DynamoDB refuses unused expression names, so #sk only comes with its condition.
        condition += " AND #sk < :before"
        names["#sk"] = index.sort_key.name
        values[":before"] = encode_value(before_key)
    params: QueryInputTypeDef = {
        "TableName": table_name,
        "IndexName": index.name,
        "KeyConditionExpression": condition,
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
        "ScanIndexForward": False,
    }
    if live_after is not None:
        attribute, floor = live_after
        names["#live"] = attribute
        values[":live"] = encode_value(floor)
        params["FilterExpression"] = "#live > :live"
    return query_items(client, params, max_items=limit + 1)
