// @ts-check
// How many messages are unread, per thread, per group and in all: the one place the badges,
// the tab title ("(3) ourchat") and the notifications read from. Today it counts the
// messages that arrive in threads nobody is looking at; the server's own counts (per thread
// or per group) can be fed in with setThread and setGroup. Pure, so `node --test` checks it.

export class UnreadCounts extends EventTarget {
  /** Dispatches "change" whenever a count changes. */
  constructor() {
    super();
    /** @type {Map<string, {groupId: string, count: number}>} by threadId. */
    this.threads = new Map();
    /** @type {Map<string, number>} by groupId: unread in threads not counted one by one. */
    this.rest = new Map();
  }

  /**
   * A message arrived in a thread that is not being looked at.
   * @param {string} groupId
   * @param {string} threadId
   * @param {number} [count]
   */
  add(groupId, threadId, count = 1) {
    if (!(count > 0)) return;
    this.setThread(groupId, threadId, this.threadCount(threadId) + count);
  }

  /**
   * A thread's count as the server has it (or 0 once it is read).
   * @param {string} groupId
   * @param {string} threadId
   * @param {number} count
   */
  setThread(groupId, threadId, count) {
    const known = this.threads.get(threadId);
    const next = Math.max(0, Math.floor(count) || 0);
    if ((known ? known.count : 0) === next) return;
    if (next === 0) this.threads.delete(threadId);
    else this.threads.set(threadId, { groupId, count: next });
    this.changed();
  }

  /**
   * A group's count as the server has it: what its threads counted here do not explain is
   * kept as the group's own rest.
   * @param {string} groupId
   * @param {number} count
   */
  setGroup(groupId, count) {
    const rest = Math.max(0, (Math.floor(count) || 0) - this.countedIn(groupId));
    if ((this.rest.get(groupId) || 0) === rest) return;
    if (rest === 0) this.rest.delete(groupId);
    else this.rest.set(groupId, rest);
    this.changed();
  }

  /**
   * The thread was read (opened while the page is visible).
   * @param {string} threadId
   */
  readThread(threadId) {
    const known = this.threads.get(threadId);
    if (known) this.setThread(known.groupId, threadId, 0);
  }

  /**
   * Forget a group (I left it, or was removed) and its threads' counts.
   * @param {string} groupId
   */
  forgetGroup(groupId) {
    let changed = this.rest.delete(groupId);
    for (const [threadId, { groupId: owner }] of this.threads) {
      if (owner === groupId) changed = this.threads.delete(threadId) || changed;
    }
    if (changed) this.changed();
  }

  clear() {
    if (this.threads.size === 0 && this.rest.size === 0) return;
    this.threads.clear();
    this.rest.clear();
    this.changed();
  }

  /** @param {string} threadId */
  threadCount(threadId) {
    return this.threads.get(threadId)?.count || 0;
  }

  /** @param {string} groupId */
  groupCount(groupId) {
    return this.countedIn(groupId) + (this.rest.get(groupId) || 0);
  }

  /** Every unread message. */
  get total() {
    let total = 0;
    for (const { count } of this.threads.values()) total += count;
    for (const count of this.rest.values()) total += count;
    return total;
  }

  /** @param {string} groupId */
  countedIn(groupId) {
    let sum = 0;
    for (const known of this.threads.values()) if (known.groupId === groupId) sum += known.count;
    return sum;
  }

  changed() {
    this.dispatchEvent(new Event("change"));
  }
}

/**
 * The tab's title with the unread total in front: "(3) ourchat", or just "ourchat".
 * @param {string} base
 * @param {number} count
 */
export function titleWithCount(base, count) {
  if (!(count > 0)) return base;
  return `(${count > 999 ? "999+" : count}) ${base}`;
}
