"""A member, a group and a thread on DynamoDB (moto), and the sendMessage handler to drive.

The handler is bound to this store and a recording pusher, as the local gateway binds it
to its own.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from mypy_boto3_dynamodb import DynamoDBClient

from ourchat.adapters.dynamodb.messages import sentinel_id
from ourchat.adapters.dynamodb.store import DynamoDbStore
from ourchat.bootstrap import Dependencies
from ourchat.handlers import send_message
from ourchat.ports.clock import system_clock
from ourchat.services.connections import register_connection
from ourchat.services.groups import create_group
from ourchat.services.threads import create_thread
from ourchat.services.users import ensure_user
from tests.support.dynamodb_helpers import raw_item
from tests.support.fakes import FakePusher


@dataclass
class Chat:
    """A connected member of a group with a thread, on DynamoDB, and the handler's pusher."""

    store: DynamoDbStore
    client: DynamoDBClient
    tables: dict[str, str]
    pusher: FakePusher
    user_id: str
    connection_id: str
    group_id: str
    thread_id: str
    dependencies: Dependencies

    def send(self, client_message_id: str, content: str = "hello") -> dict[str, Any]:
        """Run the sendMessage handler on a frame, as the gateway would; return the reply."""
        frame = {
            "action": "sendMessage",
            "requestId": "r-1",
            "groupId": self.group_id,
            "threadId": self.thread_id,
            "content": content,
            "clientMessageId": client_message_id,
        }
        event = {
            "requestContext": {
                "routeKey": "sendMessage",
                "eventType": "MESSAGE",
                "connectionId": self.connection_id,
                "requestId": uuid.uuid4().hex,
                "domainName": "127.0.0.1",
                "stage": "dev",
                "authorizer": {"principalId": self.user_id, "userId": self.user_id},
            },
            "body": json.dumps(frame),
            "isBase64Encoded": False,
        }
        handler = send_message.handler.bind(self.dependencies)
        reply: dict[str, Any] = json.loads(handler(event, None)["body"])
        return reply

    def items(self, client_message_id: str) -> dict[str, Any]:
        """The raw items a send touches: the sentinel, the thread and the group."""
        return {
            "sentinel": raw_item(
                self.client,
                self.tables["Message"],
                messageId=sentinel_id(self.user_id, client_message_id),
            ),
            "thread": raw_item(self.client, self.tables["Thread"], threadId=self.thread_id),
            "group": raw_item(self.client, self.tables["Group"], groupId=self.group_id),
        }

    def messages(self) -> list[str]:
        """The ids of the thread's messages, newest first."""
        page = self.store.list_messages(self.group_id, self.thread_id, before_key=None, limit=100)
        return [message.message_id for message in page.items]


@pytest.fixture
def chat(
    dynamodb_store: DynamoDbStore,
    dynamodb_client: DynamoDBClient,
    dynamodb_table_names: dict[str, str],
) -> Chat:
    """A connected member of a group with a thread; the handlers use this store and pusher."""
    clock = system_clock
    user_id = f"user-{uuid.uuid4().hex[:12]}"
    ensure_user(dynamodb_store, clock, user_id=user_id, user_name="Ada")
    group = create_group(dynamodb_store, clock, owner_id=user_id, group_name="Faults")
    thread = create_thread(
        dynamodb_store,
        FakePusher(),
        clock,
        actor_id=user_id,
        group_id=group.group_id,
        thread_name="t",
    )
    connection_id = f"conn-{uuid.uuid4().hex[:12]}="
    register_connection(dynamodb_store, clock, user_id=user_id, connection_id=connection_id)
    pusher = FakePusher()
    return Chat(
        dynamodb_store,
        dynamodb_client,
        dynamodb_table_names,
        pusher,
        user_id,
        connection_id,
        group.group_id,
        thread.thread_id,
        Dependencies(store=dynamodb_store, pusher=pusher),
    )
