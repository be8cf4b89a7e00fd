// @ts-check
// Half-written messages, one per thread, kept in localStorage: a draft stays with its thread
// (switching threads never carries it along) and survives a reload. Pure apart from the
// storage it is given, so `node --test` checks it (tests/js).

/** How many threads keep a draft at once; the least recently written go first. */
export const MAX_DRAFTS = 50;

/**
 * The part of the Web Storage API drafts need (localStorage, or a stand-in in tests).
 * @typedef {{
 *   getItem(key: string): string | null,
 *   setItem(key: string, value: string): void,
 *   removeItem(key: string): void,
 * }} DraftStorage
 */

export class Drafts {
  /**
   * @param {string} storageKey e.g. `ourchat.drafts.<userId>`.
   * @param {DraftStorage | null} [storage] localStorage by default; null keeps drafts in
   *   memory only (storage refused).
   */
  constructor(storageKey, storage = defaultStorage()) {
    this.storageKey = storageKey;
    this.storage = storage;
    /** @type {Map<string, string>} by threadId, least recently written first. */
    this.drafts = new Map();
    for (const [threadId, text] of this.load()) this.drafts.set(threadId, text);
  }

  /**
   * The draft of a thread, "" when there is none.
   * @param {string} threadId
   */
  get(threadId) {
    return this.drafts.get(threadId) || "";
  }

  /**
   * Keep what is typed in a thread's box; blank text (or a send) forgets the draft.
   * @param {string} threadId
   * @param {string} text
   */
  set(threadId, text) {
    const had = this.drafts.has(threadId);
    this.drafts.delete(threadId);
    if (text.trim()) {
      this.drafts.set(threadId, text);
      while (this.drafts.size > MAX_DRAFTS) {
        const oldest = this.drafts.keys().next().value;
        if (oldest === undefined) break;
        this.drafts.delete(oldest);
      }
    } else if (!had) return;
    this.save();
  }

  /** @param {string} threadId */
  clear(threadId) {
    this.set(threadId, "");
  }

  /** @returns {[string, string][]} */
  load() {
    try {
      const saved = JSON.parse((this.storage && this.storage.getItem(this.storageKey)) || "[]");
      if (!Array.isArray(saved)) return [];
      return saved.filter(
        (pair) =>
          Array.isArray(pair) && typeof pair[0] === "string" && typeof pair[1] === "string",
      );
    } catch {
      return [];
    }
  }

  save() {
    if (!this.storage) return;
    try {
      if (this.drafts.size === 0) this.storage.removeItem(this.storageKey);
      else this.storage.setItem(this.storageKey, JSON.stringify([...this.drafts]));
    } catch {
      // Storage full or refused: the drafts live until the page goes.
    }
  }
}

/** @returns {DraftStorage | null} */
function defaultStorage() {
  try {
    return globalThis.localStorage || null;
  } catch {
    return null;
  }
}
