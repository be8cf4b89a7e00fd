"""The @connections management API of the local server, driven by boto3's own client."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import boto3
import pytest
from mypy_boto3_apigatewaymanagementapi import ApiGatewayManagementApiClient

from ourchat.domain.models import Connection
from ourchat.domain.timestamps import format_timestamp
from ourchat.local.server import LocalChat
from tests.support.ws_client import WAIT_SECONDS, chat_client, eventually

pytestmark = pytest.mark.anyio


def management(chat: LocalChat) -> ApiGatewayManagementApiClient:
    return boto3.client(
        "apigatewaymanagementapi",
        endpoint_url=chat.server.management_url,
        region_name="us-east-1",
        aws_access_key_id=chat.management_key.access_key_id,
        aws_secret_access_key=chat.management_key.secret_access_key,
    )


def connection_ids(chat: LocalChat, group_id: str) -> list[str]:
    now = int(datetime.now(UTC).timestamp())
    return [c.connection_id for c in chat.store.connections_for_group(group_id, now)]


async def test_post_get_delete_and_410(local_chat: LocalChat) -> None:
    user = f"u-{uuid.uuid4().hex[:8]}"
    client = management(local_chat)
    async with chat_client(local_chat.ws_url, local_chat.token_for(user)) as a:
        group_id = (await a.ok("createGroup", groupName="G"))["groupId"]
        [connection_id] = connection_ids(local_chat, group_id)
        # POST reaches the socket as a frame
        await asyncio.to_thread(
            client.post_to_connection, ConnectionId=connection_id, Data=b'{"event":"ping"}'
        )
        assert await asyncio.wait_for(a.events.get(), WAIT_SECONDS) == {"event": "ping"}
        # GET describes the connection
        info = await asyncio.to_thread(client.get_connection, ConnectionId=connection_id)
        assert info["Identity"]["SourceIp"] == "127.0.0.1"
        assert isinstance(info["ConnectedAt"], datetime)
        assert isinstance(info["LastActiveAt"], datetime)
        # DELETE closes the socket, and $disconnect forgets the connection
        await asyncio.to_thread(client.delete_connection, ConnectionId=connection_id)
        await asyncio.wait_for(a.socket.wait_closed(), WAIT_SECONDS)
        with pytest.raises(client.exceptions.GoneException):
            await asyncio.to_thread(
                client.post_to_connection, ConnectionId=connection_id, Data=b"late"
            )
    await eventually(lambda: connection_ids(local_chat, group_id) == [])
    with pytest.raises(client.exceptions.GoneException):
        client.get_connection(ConnectionId="unknown-id=")


async def test_a_vanished_connection_is_removed_on_its_first_410(local_chat: LocalChat) -> None:
    # Given a member whose connection record outlived its socket ($disconnect never came)
    user = f"u-{uuid.uuid4().hex[:8]}"
    async with chat_client(local_chat.ws_url, local_chat.token_for(user)) as a:
        group_id = (await a.ok("createGroup", groupName="G"))["groupId"]
        thread_id = (await a.ok("createThread", groupId=group_id, threadName="t"))["threadId"]
        await a.next_event("thread.created")
        # connected two minutes ago: past the grace of a $connect still in progress
        connected = datetime.now(UTC) - timedelta(minutes=2)
        ghost = Connection(
            "ghost" + uuid.uuid4().hex[:7] + "=",
            user,
            format_timestamp(connected),
            int((connected + timedelta(hours=2)).timestamp()),
        )
        local_chat.store.put_connection(ghost)
        assert ghost.connection_id in connection_ids(local_chat, group_id)
        # When a message is sent, the push to the ghost answers 410 Gone
        sent = await a.ok("sendMessage", groupId=group_id, threadId=thread_id, content="hi")
        assert await a.next_event("message.created") == sent
        # Then the ghost is gone from the store and costs no more fan-out work
        assert ghost.connection_id not in connection_ids(local_chat, group_id)
        assert len(connection_ids(local_chat, group_id)) == 1
