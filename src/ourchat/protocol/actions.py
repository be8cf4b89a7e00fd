"""Every action a client may send, declared once: its fields, its reply, who may send it,
and what its function touches.

A request is a msgspec struct: fields in camelCase on the wire, unknown fields ignored,
values checked by the services (so every broken rule gets the same typed error, whichever
route it came through). `ACTIONS` is the registry the route manifest, the `$default`
route, the documents and the web client's name table are built from.
"""

from __future__ import annotations

import msgspec

from ourchat.domain.events import ReadUpdated
from ourchat.domain.models import Group, Membership, Message, Thread, User
from ourchat.protocol.declaring import (
    ACTIONS,
    FANOUT_READS,
    FANOUT_WRITES,
    Grants,
    Request,
    Who,
    action,
)
from ourchat.protocol.replies import (
    Empty,
    GroupsPage,
    InvitationReply,
    InvitationsPage,
    MembersPage,
    MessagesPage,
    SyncPage,
    ThreadsPage,
    UsersFound,
)

__all__ = [
    "ACTIONS",
    "CLIENT_ACTIONS",
    "AcceptInvitation",
    "AddMember",
    "AddReaction",
    "CreateGroup",
    "CreateThread",
    "CreateUser",
    "DeclineInvitation",
    "DeleteMessage",
    "DeleteUser",
    "EditMessage",
    "FindUsers",
    "GetLastMessages",
    "GetThreadsByGroup",
    "LeaveGroup",
    "ListGroups",
    "ListInvitations",
    "ListMembers",
    "MarkRead",
    "RemoveMember",
    "RemoveReaction",
    "SendMessage",
    "SetMemberRole",
    "Sync",
    "SyncPosition",
    "TypingNow",
    "UnwatchPresence",
    "UpdateGroup",
    "UpdateThread",
    "UpdateUser",
    "WatchPresence",
    "Who",
]


@action(
    "createUser",
    reply=User,
    who=Who.ANYONE,
    # One UpdateItem (ReturnValues=ALL_NEW), which needs no read permission.
    grants=Grants(writes=("User",)),
)
class CreateUser(Request, frozen=True):
    """Create or update the caller's own profile; the user id is the token's subject."""

    user_name: str
    profile_image_url: str | None = None
    date_of_birth: str | None = None


@action(
    "updateUser",
    reply=User,
    who=Who.ANYONE,
    grants=Grants(reads=("User",), writes=("User",)),
)
class UpdateUser(Request, frozen=True):
    """Change some fields of the caller's profile ("" removes an optional one)."""

    user_name: str | None = None
    profile_image_url: str | None = None
    date_of_birth: str | None = None


@action(
    "findUsers",
    reply=UsersFound,
    who=Who.ANYONE,
    grants=Grants(reads=("User",)),
)
class FindUsers(Request, frozen=True):
    """Find people whose name or user id starts with the query, ignoring case."""

    query: str
    limit: int | None = None


@action(
    "createGroup",
    reply=Group,
    who=Who.ANYONE,
    # The owner's live connections are subscribed to the new group at once; the owner's
    # memberships (ByUser) are counted against MAX_GROUPS_PER_USER first.
    grants=Grants(
        reads=("Connection", "Membership"), writes=("Group", "Membership", "Subscription")
    ),
)
class CreateGroup(Request, frozen=True):
    """Create a group; the caller becomes its owner."""

    group_name: str
    emoticon: str | None = None


@action(
    "addMember",
    reply=InvitationReply,
    who=Who.MANAGER,
    # The invitee's live connections are told (Connection), and forgotten if gone.
    grants=Grants(
        reads=("Membership", "User", "Group", "Connection"),
        writes=("Invitation", *FANOUT_WRITES),
        pushes=True,
    ),
)
class AddMember(Request, frozen=True):
    """Invite a user to the group; they become a member only by accepting."""

    group_id: str
    user_id: str


@action(
    "acceptInvitation",
    reply=Membership,
    who=Who.INVITEE,
    # The memberships (ByUser) are counted against the cap; the new member's connections are
    # subscribed at once; the group's seq numbers member.added.
    grants=Grants(
        reads=("Invitation", "Group", "Connection", *FANOUT_READS),
        writes=("Invitation", "Membership", "Group", "GroupEvent", *FANOUT_WRITES),
        pushes=True,
    ),
)
class AcceptInvitation(Request, frozen=True):
    """Accept an open invitation: become a member of the group."""

    group_id: str


@action(
    "declineInvitation",
    reply=Empty,
    who=Who.INVITEE,
    grants=Grants(reads=("Invitation",), writes=("Invitation",)),
)
class DeclineInvitation(Request, frozen=True):
    """Decline an open invitation; nobody is told."""

    group_id: str


@action(
    "listInvitations",
    reply=InvitationsPage,
    who=Who.ANYONE,
    grants=Grants(reads=("Invitation", "Group")),
)
class ListInvitations(Request, frozen=True):
    """List the caller's open invitations, newest first, each with its group."""

    cursor: str | None = None
    limit: int | None = None


@action(
    "listMembers",
    reply=MembersPage,
    who=Who.MEMBER,
    grants=Grants(reads=("Membership", "User")),
)
class ListMembers(Request, frozen=True):
    """List a group's members with their names and roles."""

    group_id: str
    cursor: str | None = None
    limit: int | None = None


@action(
    "leaveGroup",
    reply=Empty,
    who=Who.MEMBER,
    # The leaver's connections are unsubscribed (Connection) and told directly.
    grants=Grants(
        reads=("Group", "Connection", *FANOUT_READS),
        writes=("Membership", "Departure", "Group", "GroupEvent", *FANOUT_WRITES),
        pushes=True,
    ),
)
class LeaveGroup(Request, frozen=True):
    """Leave a group (the owner first hands ownership on, unless they are the last)."""

    group_id: str


@action(
    "removeMember",
    reply=Empty,
    who=Who.MANAGER,
    grants=Grants(
        reads=("Group", "Connection", *FANOUT_READS),
        writes=("Membership", "Departure", "Group", "GroupEvent", *FANOUT_WRITES),
        pushes=True,
    ),
)
class RemoveMember(Request, frozen=True):
    """Remove a member: the owner may remove anyone else, an admin plain members only."""

    group_id: str
    user_id: str


@action(
    "setMemberRole",
    reply=Membership,
    who=Who.OWNER,
    # Both memberships are read (Membership, in FANOUT_READS); the change reaches the member
    # through the group's fan-out like any other, so no Connection is read.
    grants=Grants(
        reads=("Group", *FANOUT_READS),
        writes=("Membership", "Group", "GroupEvent", *FANOUT_WRITES),
        pushes=True,
    ),
)
class SetMemberRole(Request, frozen=True):
    """Make a member an admin or a member, or hand ownership on (the caller becomes admin)."""

    group_id: str
    user_id: str
    role: str


@action(
    "updateGroup",
    reply=Group,
    who=Who.MANAGER,
    grants=Grants(
        reads=("Group", *FANOUT_READS),
        writes=("Group", "GroupEvent", *FANOUT_WRITES),
        pushes=True,
    ),
)
class UpdateGroup(Request, frozen=True):
    """Rename a group or change its emoticon (an empty emoticon removes it)."""

    group_id: str
    group_name: str | None = None
    emoticon: str | None = None


@action(
    "listGroups",
    reply=GroupsPage,
    who=Who.ANYONE,
    # Unread counts: each group's recent threads, the caller's pointers, count Queries.
    grants=Grants(reads=("Membership", "Group", "Thread", "ReadPointer", "Message")),
)
class ListGroups(Request, frozen=True):
    """List the caller's groups, most recent lastMessageAt first."""

    cursor: str | None = None
    limit: int | None = None


@action(
    "createThread",
    reply=Thread,
    who=Who.MEMBER,
    grants=Grants(
        reads=("Group", *FANOUT_READS),
        writes=("Thread", "Group", "GroupEvent", *FANOUT_WRITES),
        pushes=True,
    ),
)
class CreateThread(Request, frozen=True):
    """Create a thread in a group and tell its members."""

    group_id: str
    thread_name: str
    color: str | None = None


@action(
    "updateThread",
    reply=Thread,
    who=Who.CREATOR_OR_MANAGER,
    grants=Grants(
        reads=("Thread", "Group", *FANOUT_READS),
        writes=("Thread", "Group", "GroupEvent", *FANOUT_WRITES),
        pushes=True,
    ),
)
class UpdateThread(Request, frozen=True):
    """Rename a thread or change its color (an empty color removes it)."""

    thread_id: str
    thread_name: str | None = None
    color: str | None = None


@action(
    "sendMessage",
    reply=Message,
    who=Who.MEMBER,
    # The group's seq and lastMessageAt, and the thread's, are read and raised in one write.
    grants=Grants(
        reads=("Message", "Thread", "Group", *FANOUT_READS),
        writes=("Message", "Thread", "Group", *FANOUT_WRITES),
        pushes=True,
    ),
)
class SendMessage(Request, frozen=True):
    """Store a message and push it to the group; a clientMessageId makes a resend safe."""

    group_id: str
    thread_id: str
    content: str
    client_message_id: str | None = None
    reply_to_message_id: str | None = None


_MESSAGE_CHANGE = Grants(
    reads=("Thread", "Message", "Group", *FANOUT_READS),
    writes=("Message", "Group", "GroupEvent", *FANOUT_WRITES),
    pushes=True,
)
# A reaction is an item of its own beside the counts on the message. Adding one puts it
# conditionally (a repeat is refused, nothing read back), so only taking one back (who else
# reacted with the emoji) and deleting the message (its reactions) read Reaction.
_REACTION_ADD = Grants(
    reads=("Thread", "Message", "Group", *FANOUT_READS),
    writes=("Message", "Reaction", "Group", "GroupEvent", *FANOUT_WRITES),
    pushes=True,
)
_REACTION_CHANGE = Grants(
    reads=("Thread", "Message", "Reaction", "Group", *FANOUT_READS),
    writes=("Message", "Reaction", "Group", "GroupEvent", *FANOUT_WRITES),
    pushes=True,
)


@action("editMessage", reply=Message, who=Who.SENDER, grants=_MESSAGE_CHANGE)
class EditMessage(Request, frozen=True):
    """Replace a message's content (same rules as sendMessage); it gets editedAt."""

    thread_id: str
    message_id: str
    content: str


@action(
    "deleteMessage",
    reply=Message,
    who=Who.SENDER_OR_MANAGER,
    # The message's reactions go (Reaction) and the replies to it are marked (ByReplyTo).
    grants=_REACTION_CHANGE,
)
class DeleteMessage(Request, frozen=True):
    """Make a message a tombstone in its place; deleting again changes nothing."""

    thread_id: str
    message_id: str


@action("addReaction", reply=Message, who=Who.MEMBER, grants=_REACTION_ADD)
class AddReaction(Request, frozen=True):
    """React to a message with one emoji; reacting again with it changes nothing."""

    thread_id: str
    message_id: str
    emoji: str


@action("removeReaction", reply=Message, who=Who.MEMBER, grants=_REACTION_CHANGE)
class RemoveReaction(Request, frozen=True):
    """Take one's reaction back; taking back one never made changes nothing."""

    thread_id: str
    message_id: str
    emoji: str


@action(
    "getLastMessages",
    reply=MessagesPage,
    who=Who.MEMBER,
    grants=Grants(reads=("Thread", "Membership", "Message")),
)
class GetLastMessages(Request, frozen=True):
    """Page back through a thread's messages, newest first."""

    thread_id: str
    before: str | None = None
    limit: int | None = None


@action(
    "getThreadsByGroup",
    reply=ThreadsPage,
    who=Who.MEMBER,
    # Unread counts: the caller's pointers of the page's threads, and count Queries.
    grants=Grants(reads=("Membership", "Thread", "ReadPointer", "Message")),
)
class GetThreadsByGroup(Request, frozen=True):
    """List a group's threads, most recent lastMessageAt first."""

    group_id: str
    cursor: str | None = None
    limit: int | None = None


class SyncPosition(msgspec.Struct, rename="camel", frozen=True):
    """Where the client's copy of a group's history ends: the last seq it has."""

    group_id: str
    after_seq: int


@action(
    "sync",
    reply=SyncPage,
    who=Who.ANYONE,
    # Memberships and groups in two BatchGetItems; the history of each changed group (its
    # GroupEvents and its messages by seq); a departure for a group the caller left.
    grants=Grants(reads=("Membership", "Group", "Departure", "GroupEvent", "Message")),
)
class Sync(Request, frozen=True):
    """Return what happened in groups after the seqs the client has, so it misses nothing."""

    groups: list[SyncPosition]
    limit: int | None = None
    cursor: str | None = None


@action(
    "markRead",
    reply=ReadUpdated,
    who=Who.MEMBER,
    # The thread, the membership and the message are read; the pointer is one conditional
    # PutItem; the caller's other connections are told (a fan-out to one user: it reads
    # Connection, not Subscription; Membership serves the 410 cleanup too).
    grants=Grants(
        reads=("Thread", "Membership", "Message", "Connection"),
        writes=("ReadPointer", *FANOUT_WRITES),
        pushes=True,
    ),
)
class MarkRead(Request, frozen=True):
    """Move the caller's read pointer of a thread to a message; it only moves forward."""

    thread_id: str
    message_id: str


@action(
    "typing",
    reply=Empty,
    who=Who.MEMBER,
    # The thread and the membership are read; the membership's typing mark is one
    # conditional UpdateItem; the other members' connections are told.
    grants=Grants(
        reads=("Thread", "Membership", *FANOUT_READS),
        writes=("Membership", *FANOUT_WRITES),
        pushes=True,
    ),
)
class TypingNow(Request, frozen=True):
    """Tell the thread's group the caller is typing (repeats within 3 s are dropped)."""

    thread_id: str


@action(
    "watchPresence",
    reply=Empty,
    who=Who.MEMBER,
    # The membership; the connection and the watched subscriptions are updated.
    grants=Grants(reads=("Membership", "Connection"), writes=("Connection", "Subscription")),
)
class WatchPresence(Request, frozen=True):
    """Receive presence.changed for this group's members on this connection.

    One group per connection: watching another replaces the one watched before.
    """

    group_id: str


@action(
    "unwatchPresence",
    reply=Empty,
    who=Who.ANYONE,
    grants=Grants(reads=("Connection",), writes=("Connection", "Subscription")),
)
class UnwatchPresence(Request, frozen=True):
    """Stop receiving presence.changed on this connection."""


@action(
    "deleteUser",
    reply=Empty,
    who=Who.ANYONE,
    # Every membership ends as if the user left (a group change each, with its fan-out);
    # invitations, read pointers, connections and the profile are deleted.
    grants=Grants(
        reads=("Membership", "Group", "Invitation", "Connection", "ReadPointer", *FANOUT_READS),
        writes=(
            "Membership",
            "Group",
            "GroupEvent",
            "Departure",
            "Invitation",
            "Connection",
            "ReadPointer",
            "User",
            *FANOUT_WRITES,
        ),
        pushes=True,
        # The user's other connections are closed.
        disconnects=True,
    ),
)
class DeleteUser(Request, frozen=True):
    """Erase the caller's account: profile, memberships, invitations; messages stay."""


CLIENT_ACTIONS: tuple[str, ...] = tuple(ACTIONS)
"""The actions a client may name in a frame's `action` field."""
