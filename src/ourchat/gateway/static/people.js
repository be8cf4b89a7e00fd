// @ts-check
// People's names as the client has learned them (member lists, searches), who is known to
// have deleted their account, looking up the senders not known (findUsers), and the rules of
// a findUsers query. Pure (the requests and timers are passed in), so `node --test` checks it
// (tests/js).

import { codePoints } from "./format.js";

/** The server's bounds of a findUsers query, in characters once trimmed. */
export const MIN_QUERY_CHARS = 2;
export const MAX_QUERY_CHARS = 64;

/**
 * The findUsers query for what was typed: trimmed, or null when too short or too long.
 * @param {string} typed
 * @returns {string | null}
 */
export function searchQuery(typed) {
  const query = typed.trim();
  const length = codePoints(query);
  return length >= MIN_QUERY_CHARS && length <= MAX_QUERY_CHARS ? query : null;
}

/** What a message of a user who deleted their account shows instead of a name. */
export const DELETED_USER = "Deleted user";

/** How many people a lookup asks findUsers for (its maximum). */
export const LOOKUP_LIMIT = 20;

/**
 * Display names by user id. Dispatches "change" when a name is learned or changes, or a user
 * turns out to be deleted, so that whatever shows an id until its name is known can show the
 * name. `wanted` (set by whoever looks names up) hears of each id shown without a name.
 */
export class NameBook extends EventTarget {
  constructor() {
    super();
    /** @type {Map<string, string>} */
    this.names = new Map();
    /** @type {Set<string>} users found to have deleted their account. */
    this.gone = new Set();
    /** @type {Set<string>} users whose name is kept but who may be gone (they left a group). */
    this.doubted = new Set();
    /** @type {(userId: string) => void} */
    this.wanted = () => {};
  }

  /**
   * Note the names of these people (members, search results); returns true if any changed.
   * @param {Iterable<{userId: string, userName?: string}>} people
   */
  learn(people) {
    let changed = false;
    for (const { userId, userName } of people) {
      if (typeof userId !== "string" || typeof userName !== "string" || !userName) continue;
      this.doubted.delete(userId);
      // An id deleted and then taken again is a new user: theirs is the name now.
      const revived = this.gone.delete(userId);
      if (this.names.get(userId) === userName && !revived) continue;
      this.names.set(userId, userName);
      changed = true;
    }
    if (changed) this.dispatchEvent(new Event("change"));
    return changed;
  }

  /**
   * The name of a user, or undefined while unknown.
   * @param {string} userId
   */
  nameOf(userId) {
    return this.names.get(userId);
  }

  /**
   * What a message shows for its sender: their name, "Deleted user" once they are known to
   * have deleted their account, else undefined (and they are wanted: looked up). A name in
   * doubt is shown while it is looked up again.
   * @param {string} userId
   * @returns {string | undefined}
   */
  nameFor(userId) {
    if (this.gone.has(userId)) return DELETED_USER;
    const name = this.names.get(userId);
    if (!name || this.doubted.has(userId)) this.wanted(userId);
    return name;
  }

  /**
   * What to show for a user: their name, "Deleted user", or their id until the name is
   * known.
   * @param {string} userId
   */
  label(userId) {
    return this.gone.has(userId) ? DELETED_USER : this.names.get(userId) || userId;
  }

  /**
   * Whether a lookup may tell more of this user: no name yet, or one in doubt.
   * @param {string} userId
   */
  needsLookup(userId) {
    return !this.gone.has(userId) && (!this.names.has(userId) || this.doubted.has(userId));
  }

  /**
   * A user left a group: they may have deleted their account (which ends every membership
   * as leaving does), so their name is looked up again the next time it is shown.
   * @param {string} userId
   */
  doubt(userId) {
    if (!this.gone.has(userId)) this.doubted.add(userId);
  }

  /**
   * These users no longer exist: their messages show "Deleted user".
   * @param {Iterable<string>} userIds
   */
  markGone(userIds) {
    let changed = false;
    for (const userId of userIds) {
      this.doubted.delete(userId);
      if (this.gone.has(userId)) continue;
      this.gone.add(userId);
      this.names.delete(userId);
      changed = true;
    }
    if (changed) this.dispatchEvent(new Event("change"));
    return changed;
  }

  clear() {
    this.names.clear();
    this.gone.clear();
    this.doubted.clear();
  }
}

/**
 * What a findUsers answer for a user id tells of that user: "found" (their profile is among
 * the users), "gone" (no such user: fewer than the limit came back, so none was left out),
 * or "unknown" (a full page without them: more people match the id than were listed).
 * @param {string} userId
 * @param {Array<{userId: string}>} users the answer, for the query `userId`.
 * @param {number} limit the limit the query asked for.
 * @returns {"found" | "gone" | "unknown"}
 */
export function lookupOutcome(userId, users, limit) {
  if (users.some((user) => user.userId === userId)) return "found";
  return users.length < limit ? "gone" : "unknown";
}

/**
 * Looks up the people shown without a name (a sender who is no longer a member, or one who
 * left and may have deleted their account) with findUsers by their id, a little after they
 * are wanted (a member list may name them meanwhile; an account being deleted is gone by
 * then): the name is learned, or they are marked gone. Each is asked once, unless doubted
 * again.
 */
export class NameLookup {
  /**
   * @param {NameBook} names
   * @param {(query: string, limit: number) => Promise<Array<{userId: string, userName?: string}>>} findUsers
   * @param {import("./debounce.js").Timers & {delayMs?: number}} [options]
   */
  constructor(names, findUsers, options = globalThis) {
    this.names = names;
    this.findUsers = findUsers;
    this.timers = options;
    this.delayMs = options.delayMs ?? 1_000;
    /** @type {Set<string>} wanted, not yet asked. */
    this.pending = new Set();
    /** @type {Set<string>} asked once already (not again unless doubted). */
    this.asked = new Set();
    /** @type {unknown} */
    this.timer = undefined;
    /** Bumped by reset: answers to the lookups of an earlier session are dropped. */
    this.epoch = 0;
  }

  /**
   * Look this user up soon, unless known, or asked already and not doubted since.
   * @param {string} userId
   */
  want(userId) {
    if (!this.names.needsLookup(userId) || this.pending.has(userId)) return;
    if (this.asked.has(userId) && !this.names.doubted.has(userId)) return;
    const length = codePoints(userId);
    if (length < MIN_QUERY_CHARS || length > MAX_QUERY_CHARS) return;
    this.pending.add(userId);
    if (this.timer === undefined) {
      this.timer = this.timers.setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.delayMs);
    }
  }

  /** Ask for every pending user now, one findUsers each; resolves once all answered. */
  async flush() {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    const epoch = this.epoch;
    const ids = [...this.pending].filter((userId) => this.names.needsLookup(userId));
    this.pending.clear();
    await Promise.all(
      ids.map(async (userId) => {
        this.asked.add(userId);
        let users;
        try {
          users = await this.findUsers(userId, LOOKUP_LIMIT);
        } catch {
          this.asked.delete(userId); // not known: the id stays on screen, asked again later
          return;
        }
        if (epoch !== this.epoch) return;
        const outcome = lookupOutcome(userId, users, LOOKUP_LIMIT);
        if (outcome === "found") {
          this.names.learn(users.filter((user) => user.userId === userId));
          this.names.doubted.delete(userId);
        } else if (outcome === "gone") this.names.markGone([userId]);
      }),
    );
  }

  /** Signed out: nothing pending, nothing remembered. */
  reset() {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    this.asked.clear();
    this.epoch += 1;
  }
}
