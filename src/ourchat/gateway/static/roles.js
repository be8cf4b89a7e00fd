// @ts-check
// Who may do what in a group, as the server decides it (docs/protocol.md): the client only
// offers what the caller's role allows. Pure functions, so `node --test` checks them.

/** @typedef {"owner" | "admin" | "member"} Role */

/**
 * What the caller may do to another member, in the order the buttons show.
 * @typedef {"makeAdmin" | "makeMember" | "makeOwner" | "remove"} MemberAction
 */

/**
 * What the caller may do to a message, in the order the buttons show.
 * @typedef {"react" | "reply" | "edit" | "delete"} MessageAction
 */

/** @type {Record<Role, string>} */
const ROLE_LABELS = { owner: "Owner", admin: "Admin", member: "Member" };

/** @type {Record<string, number>} the list shows the owner first, then admins, then members. */
const ROLE_RANK = { owner: 0, admin: 1, member: 2 };

/**
 * "Owner", "Admin" or "Member"; an unknown role (a newer server's) as it is.
 * @param {string} role
 */
export function roleLabel(role) {
  return ROLE_LABELS[/** @type {Role} */ (role)] || String(role);
}

/**
 * The group's owner or an admin: they invite, rename the group, and remove (some) members.
 * @param {string | null | undefined} role
 */
export function isManager(role) {
  return role === "owner" || role === "admin";
}

/**
 * Whether the caller may rename a thread: the group's owner or an admin, or its creator.
 * @param {string | null | undefined} role the caller's role in the thread's group.
 * @param {string} userId the caller.
 * @param {{creatorUserId?: string}} thread
 */
export function canRenameThread(role, userId, thread) {
  return isManager(role) || (Boolean(thread.creatorUserId) && thread.creatorUserId === userId);
}

/**
 * The actions the caller's role allows on another member: the owner may change anyone
 * else's role, hand ownership on and remove anyone else; an admin may remove plain members.
 * @param {string | null | undefined} myRole the caller's role, null while unknown.
 * @param {string} myId the caller.
 * @param {{userId: string, role: string}} member
 * @returns {MemberAction[]}
 */
export function memberActions(myRole, myId, member) {
  if (member.userId === myId || member.role === "owner") return [];
  if (myRole === "owner") {
    /** @type {MemberAction[]} */
    const actions = [];
    if (member.role === "member") actions.push("makeAdmin");
    if (member.role === "admin") actions.push("makeMember");
    actions.push("makeOwner", "remove");
    return actions;
  }
  if (myRole === "admin" && member.role === "member") return ["remove"];
  return [];
}

/**
 * What the caller may do to a message, in the order the buttons show: anyone reacts and
 * replies, the sender edits, the sender or the group's owner or an admin deletes; nothing to
 * a deleted message (a tombstone).
 * @param {string | null | undefined} myRole the caller's role in the group, null while unknown.
 * @param {string} myId the caller.
 * @param {{senderUserId: string, deletedAt?: string}} message
 * @returns {MessageAction[]}
 */
export function messageActions(myRole, myId, message) {
  if (message.deletedAt) return [];
  const mine = message.senderUserId === myId;
  /** @type {MessageAction[]} */
  const actions = ["react", "reply"];
  if (mine) actions.push("edit");
  if (mine || isManager(myRole)) actions.push("delete");
  return actions;
}

/**
 * Order members: the owner, then admins, then members, each by name, then by id.
 * @param {{userId: string, userName: string, role: string}} a
 * @param {{userId: string, userName: string, role: string}} b
 */
export function compareMembers(a, b) {
  const rank = (ROLE_RANK[a.role] ?? 3) - (ROLE_RANK[b.role] ?? 3);
  if (rank !== 0) return rank;
  const byName = a.userName.localeCompare(b.userName, undefined, { sensitivity: "base" });
  if (byName !== 0) return byName;
  return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}
