// @ts-check
// Local sign-in: a token from the local server, and the last user remembered in localStorage.

import { RequestError } from "./connection.js";

const LAST_USER_KEY = "ourchat.lastUser";
const SIGNED_IN_KEY = "ourchat.signedIn";
const STAGE = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * What the client keeps in localStorage for each user, under `ourchat.<kind>.<userId>`:
 * drafts (drafts.js), unsent messages (outbox.js), the emoji reacted with last (emoji.js), the
 * open group and thread, and the positions in the groups' histories (below).
 */
export const USER_STORAGE = Object.freeze(
  /** @type {const} */ (["drafts", "outbox", "recentEmoji", "selection", "positions"]),
);

/** @typedef {(typeof USER_STORAGE)[number]} UserStorageKind */

/**
 * The localStorage key of one kind of a user's data.
 * @param {UserStorageKind} kind
 * @param {string} userId
 */
export function userStorageKey(kind, userId) {
  return `ourchat.${kind}.${userId}`;
}

/**
 * The part of the Web Storage API forgetting needs (localStorage, or a stand-in in tests).
 * @typedef {{getItem(key: string): string | null, removeItem(key: string): void}} ForgetfulStorage
 */

/**
 * Forget everything this browser keeps for a user (their account is deleted): their data
 * under USER_STORAGE, and the remembered sign-in if it is theirs.
 * @param {string} userId
 * @param {ForgetfulStorage} [storage] localStorage by default.
 */
export function forgetUser(userId, storage = globalThis.localStorage) {
  try {
    for (const kind of USER_STORAGE) storage.removeItem(userStorageKey(kind, userId));
    let last = null;
    try {
      last = JSON.parse(storage.getItem(LAST_USER_KEY) || "null");
    } catch {
      last = null; // unreadable: nobody to sign in again either way
    }
    if (!last || last.userId === userId || typeof last.userId !== "string") {
      storage.removeItem(LAST_USER_KEY);
      storage.removeItem(SIGNED_IN_KEY);
    }
  } catch {
    // Storage refused: there was nothing kept.
  }
}

/**
 * The local server's answer to a token request.
 * @typedef {{token: string, userId: string, wsUrl?: string}} TokenReply
 */

/** The last user who signed in on this browser: {userId, userName, signedIn}, or null. */
export function rememberedUser() {
  try {
    const user = JSON.parse(localStorage.getItem(LAST_USER_KEY) || "null");
    if (!user || typeof user.userId !== "string") return null;
    const userName = typeof user.userName === "string" ? user.userName : "";
    return { userId: user.userId, userName, signedIn: localStorage.getItem(SIGNED_IN_KEY) === "1" };
  } catch {
    return null;
  }
}

/**
 * Remember the user; `signedIn` says whether a reload should sign them in again.
 * @param {string} userId
 * @param {string} userName
 * @param {boolean} signedIn
 */
export function rememberUser(userId, userName, signedIn) {
  try {
    localStorage.setItem(LAST_USER_KEY, JSON.stringify({ userId, userName }));
    localStorage.setItem(SIGNED_IN_KEY, signedIn ? "1" : "0");
  } catch {
    // Private windows may refuse storage; signing in still works, it is just not remembered.
  }
}

/**
 * What a user had open: a group, and a thread in it.
 * @typedef {{groupId: string | null, threadId: string | null}} Selection
 */

/**
 * The group and thread the user had open on this browser, to open again after a reload.
 * @param {string} userId
 * @returns {Selection}
 */
export function rememberedSelection(userId) {
  try {
    const saved = JSON.parse(localStorage.getItem(userStorageKey("selection", userId)) || "null");
    const text = (/** @type {unknown} */ value) => (typeof value === "string" ? value : null);
    return { groupId: text(saved?.groupId), threadId: text(saved?.threadId) };
  } catch {
    return { groupId: null, threadId: null };
  }
}

/**
 * @param {string} userId
 * @param {Selection} selection
 */
export function rememberSelection(userId, selection) {
  try {
    localStorage.setItem(userStorageKey("selection", userId), JSON.stringify(selection));
  } catch {
    // Not remembered; nothing else depends on it.
  }
}

/**
 * Where the client was in each group's history when the page last saved it (resume.js), with
 * the group's name: after a reload, a group no longer listed is synced from there to learn
 * how it ended, and named in the notice.
 * @typedef {Map<string, {seq: number, name: string}>} SavedPositions
 */

/**
 * The positions saved on this browser for a user.
 * @param {string} userId
 * @returns {SavedPositions}
 */
export function rememberedPositions(userId) {
  /** @type {SavedPositions} */
  const positions = new Map();
  try {
    const saved = JSON.parse(localStorage.getItem(userStorageKey("positions", userId)) || "null");
    const entries = Object.entries(saved && typeof saved === "object" ? saved : {});
    for (const [groupId, entry] of entries) {
      const [seq, name] = Array.isArray(entry) ? entry : [];
      if (Number.isInteger(seq) && seq >= 0 && typeof name === "string") {
        positions.set(groupId, { seq, name });
      }
    }
  } catch {
    // Nothing saved, or not readable: the groups load afresh all the same.
  }
  return positions;
}

/**
 * @param {string} userId
 * @param {SavedPositions} positions
 */
export function rememberPositions(userId, positions) {
  try {
    const pairs = [...positions].map(([id, { seq, name }]) => [id, [seq, name]]);
    const saved = Object.fromEntries(pairs);
    localStorage.setItem(userStorageKey("positions", userId), JSON.stringify(saved));
  } catch {
    // Not saved: a group lost while the page is closed then goes without a notice.
  }
}

/** The API stage: the `stage` query parameter of this page, "dev" by default. */
export function stageName() {
  const stage = new URLSearchParams(location.search).get("stage");
  return stage && STAGE.test(stage) ? stage : null;
}

/**
 * Ask the local server for a token.
 * @param {string} userId
 * @param {string} userName the display name, or "" to keep the one the server has.
 * @returns {Promise<TokenReply>}
 * @throws {RequestError} with the server's message when it refuses, or code "offline".
 */
export async function fetchLocalToken(userId, userName) {
  const body = JSON.stringify(userName ? { userId, userName } : { userId });
  let response;
  try {
    response = await fetch("/local/token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body,
    });
  } catch {
    throw new RequestError("offline", "the chat server cannot be reached");
  }
  let reply = null;
  try {
    reply = await response.json();
  } catch {
    // Handled below: a reply that is not JSON is reported with its status.
  }
  if (!response.ok || !reply || typeof reply.token !== "string") {
    const error = (reply && reply.error) || {};
    throw new RequestError(
      error.code || "internal",
      error.message || `sign-in failed (HTTP ${response.status})`,
    );
  }
  return reply;
}

/**
 * The WebSocket URL for a token reply: always this page's own origin (the page's
 * Content-Security-Policy lets it connect nowhere else), on the stage of the `stage` query
 * parameter, else the path of the server's wsUrl, else "dev".
 * @param {TokenReply} reply
 */
export function socketUrl(reply) {
  let path = `/${stageName() || "dev"}`;
  if (!stageName() && typeof reply.wsUrl === "string" && /^wss?:\/\//.test(reply.wsUrl)) {
    path = new URL(reply.wsUrl).pathname;
  }
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const url = new URL(`${scheme}//${location.host}${path}`);
  url.searchParams.set("token", reply.token);
  return url.toString();
}
