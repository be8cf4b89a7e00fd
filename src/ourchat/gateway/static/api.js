// @ts-check
// Types the client's modules share, in JSDoc only: the chat api the panes use, and the records
// of docs/protocol.md. No module imports this one at run time: they name its types as
// `import("./api.js").ChatApi`, which the browser never loads.

/**
 * The chat as the panes and the outbox reach it, built by ChatApp (chat.js): the current
 * session's connection, or, while signed out, status "stopped" and requests that fail with
 * code "offline". `request` resolves to the reply's `data` and rejects with a RequestError.
 * @typedef {{
 *   readonly status: import("./connection.js").ConnectionStatus,
 *   request(action: import("./protocol.js").ActionName, fields?: Record<string, unknown>, timeoutMs?: number): Promise<any>,
 * }} ChatApi
 */

/**
 * The signed-in user; `userName` is what their own messages show.
 * @typedef {{userId: string, userName: string}} Me
 */

/**
 * @typedef {{
 *   groupId: string, groupName: string, createdAt: string, lastMessageAt: string,
 *   emoticon?: string, seq?: number,
 * }} Group
 */

/**
 * @typedef {{
 *   threadId: string, groupId: string, threadName: string, createdAt: string,
 *   lastMessageAt: string, color?: string, creatorUserId?: string,
 * }} Thread
 */

/**
 * A thread as getThreadsByGroup lists it: with my unread count (others' messages after my
 * read pointer, at most 100) and the pointer.
 * @typedef {Thread & {unreadCount?: number, lastReadMessageId?: string}} ThreadView
 */

/**
 * A group as listGroups lists it: with its latest `seq` and my unread count (over its 20 most
 * recently active threads, at most 100).
 * @typedef {Group & {unreadCount?: number}} GroupView
 */

/**
 * A stored message. A deleted one is a tombstone in its place: `deletedAt` set, `content`
 * "", no reactions and no replyTo. `reactions` is absent when nobody reacted.
 * @typedef {{
 *   messageId: string, groupId: string, threadId: string, content: string,
 *   senderUserId: string, createdAt: string, clientMessageId?: string, seq?: number,
 *   editedAt?: string, deletedAt?: string, reactions?: Reaction[], replyTo?: ReplyTo,
 * }} Message
 */

/**
 * One emoji on a message: how many reacted with it, and the first ten of them (at most).
 * @typedef {{emoji: string, count: number, userIds: string[]}} Reaction
 */

/**
 * What a reply quotes of the message it answers: its first 140 characters when the reply
 * was sent, or `deleted: true` (and no excerpt) once that message is deleted.
 * @typedef {{messageId: string, senderUserId: string, excerpt?: string, deleted?: boolean}} ReplyTo
 */

/**
 * The data of a message.deleted event.
 * @typedef {{
 *   groupId: string, threadId: string, messageId: string, deletedAt: string,
 * }} MessageDeleted
 */

/**
 * A read pointer: the reply to markRead, and the data of a read.updated event (I read a
 * thread on another device). It only moves forward.
 * @typedef {{groupId: string, threadId: string, messageId: string}} ReadUpdated
 */

/**
 * The data of a reaction.added or reaction.removed event.
 * @typedef {{
 *   groupId: string, threadId: string, messageId: string, userId: string, emoji: string,
 * }} ReactionChanged
 */

/**
 * A role in a group: one owner, admins, members (roles.js says who may do what).
 * @typedef {import("./roles.js").Role} Role
 */

/**
 * A member as listMembers returns them; `online` while they have a live connection.
 * @typedef {{
 *   userId: string, userName: string, role: Role, joinedAt: string, profileImageUrl?: string,
 *   online?: boolean,
 * }} Member
 */

/**
 * The reply to acceptInvitation (and a setMemberRole's).
 * @typedef {{
 *   groupId: string, userId: string, role: Role, joinedAt: string, joinedSeq?: number,
 * }} Membership
 */

/**
 * The data of a member.added event; member.updated's is the same.
 * @typedef {{groupId: string, userId: string, role: Role}} MemberAdded
 * @typedef {MemberAdded} MemberUpdated
 */

/**
 * The data of a member.removed event: the member left, or was removed.
 * @typedef {{groupId: string, userId: string, reason: "left" | "removed" | string}} MemberRemoved
 */

/**
 * An open invitation as its invitee sees it (listInvitations, invitation.created).
 * @typedef {{
 *   groupId: string, userId: string, invitedBy: string, createdAt: string, expiresAt: string,
 *   group: Group,
 * }} GroupInvitation
 */

/**
 * A person as findUsers returns them.
 * @typedef {{userId: string, userName: string, profileImageUrl?: string}} PublicProfile
 */

/**
 * A page of a listing: `nextCursor` is null (or absent) when there is nothing more.
 * @template T
 * @typedef {{nextCursor?: string | null} & T} Page
 */

export {};
