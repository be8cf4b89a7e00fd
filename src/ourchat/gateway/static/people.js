// @ts-check
// People's names as the client has learned them (member lists, searches), and the rules of a
// findUsers query. Pure, so `node --test` checks it (tests/js).

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

/**
 * Display names by user id. Dispatches "change" when a name is learned or changes, so that
 * whatever shows an id until its name is known can show the name.
 */
export class NameBook extends EventTarget {
  constructor() {
    super();
    /** @type {Map<string, string>} */
    this.names = new Map();
  }

  /**
   * Note the names of these people (members, search results); returns true if any changed.
   * @param {Iterable<{userId: string, userName?: string}>} people
   */
  learn(people) {
    let changed = false;
    for (const { userId, userName } of people) {
      if (typeof userId !== "string" || typeof userName !== "string" || !userName) continue;
      if (this.names.get(userId) === userName) continue;
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
   * What to show for a user: their name, or their id until the name is known.
   * @param {string} userId
   */
  label(userId) {
    return this.names.get(userId) || userId;
  }

  clear() {
    this.names.clear();
  }
}
