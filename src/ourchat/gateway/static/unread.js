// @ts-check
// How many messages are unread, per thread, per group and in all: the one place the badges,
// the tab title ("(3) ourchat") and the notifications read from. Pure, so `node --test`
// checks it (tests/js).
//
// The server's counts come first: listGroups' `unreadCount` per group (resetGroup), and
// getThreadsByGroup's per thread with my read pointers (loadThreads); both count others'
// messages after my pointer, at most 100 each. A group's count sums its 20 most recently
// active threads, which is exactly the first page of its threads: once that page is loaded,
// the group is the sum of its threads. Live messages of others then add one each (add), but
// not those the server's count already had: a group's count was taken at its `seq` (the
// basis), and a message at or before it is in it. Reading moves the pointer: markRead is
// pending (markPending) until its reply says where the pointer is (notePointer), and the
// thread's count is set again (setThread). A listing of threads taken before my pointer
// moved as far as I have read does not bring back the count of what I read since.

/** Past this many, a badge says "99+" (the server stops counting at 100). */
export const MAX_SHOWN = 99;

/**
 * What a thread's row of getThreadsByGroup says of my reading.
 * @typedef {{threadId: string, unreadCount?: number, lastReadMessageId?: string}} ThreadReading
 */

export class UnreadCounts extends EventTarget {
  /** Dispatches "change" whenever a count changes. */
  constructor() {
    super();
    /** @type {Map<string, {groupId: string, count: number}>} by threadId. */
    this.threads = new Map();
    /** @type {Map<string, number>} by groupId: unread in threads not counted one by one. */
    this.rest = new Map();
    /** @type {Map<string, number>} by groupId: the seq the server's count was taken at. */
    this.basis = new Map();
    /** @type {Map<string, string>} by threadId: my read pointer, a messageId. */
    this.pointers = new Map();
    /** @type {Map<string, string>} by threadId: where a markRead awaiting its reply moves it. */
    this.pending = new Map();
  }

  /**
   * A message of someone else arrived in a thread that is not being read: one more, unless
   * the server's count had it already (its `seq` is not after the group's basis).
   * @param {string} groupId
   * @param {string} threadId
   * @param {number} [count]
   * @param {number} [seq] the message's seq in its group.
   */
  add(groupId, threadId, count = 1, seq = undefined) {
    if (!(count > 0)) return;
    const basis = this.basis.get(groupId);
    if (typeof seq === "number" && basis !== undefined && seq <= basis) return;
    this.setThread(groupId, threadId, this.threadCount(threadId) + count);
  }

  /**
   * A thread's count as the server has it (or as reading left it).
   * @param {string} groupId
   * @param {string} threadId
   * @param {number} count
   */
  setThread(groupId, threadId, count) {
    if (this.putThread(groupId, threadId, count)) this.changed();
  }

  /**
   * A group's count as the server has it: what its threads counted here do not explain is
   * kept as the group's own rest.
   * @param {string} groupId
   * @param {number} count
   */
  setGroup(groupId, count) {
    if (this.putRest(groupId, (Math.floor(count) || 0) - this.countedIn(groupId))) this.changed();
  }

  /**
   * A group as listGroups has it: its count, taken at its `seq`. What was counted of its
   * threads before is forgotten (the group's count replaces it).
   * @param {string} groupId
   * @param {number} count
   * @param {number} seq
   */
  resetGroup(groupId, count, seq) {
    this.basis.set(groupId, seq);
    let changed = this.dropThreadsOf(groupId);
    changed = this.putRest(groupId, Math.floor(count) || 0) || changed;
    if (changed) this.changed();
  }

  /**
   * The group's count is (about to be) the server's as of this seq: messages at or before it
   * are in it already.
   * @param {string} groupId
   * @param {number} seq
   */
  setBasis(groupId, seq) {
    this.basis.set(groupId, seq);
  }

  /**
   * A page of a group's threads from getThreadsByGroup: their counts and my pointers. The
   * first page is every thread the group's count sums, so the group is then its threads.
   * @param {string} groupId
   * @param {ThreadReading[]} threads
   * @param {boolean} firstPage
   */
  loadThreads(groupId, threads, firstPage) {
    let changed = false;
    for (const thread of threads) {
      const listed = thread.lastReadMessageId || "";
      const mine = this.readUpTo(thread.threadId) || "";
      if (listed) this.notePointer(thread.threadId, listed);
      // Listed before my latest markRead: my count (what is left after it) is the newer one.
      if (mine > listed) continue;
      changed = this.putThread(groupId, thread.threadId, thread.unreadCount || 0) || changed;
    }
    if (firstPage) changed = this.putRest(groupId, 0) || changed;
    if (changed) this.changed();
  }

  /**
   * The thread was read to its end.
   * @param {string} threadId
   */
  readThread(threadId) {
    const known = this.threads.get(threadId);
    if (known) this.setThread(known.groupId, threadId, 0);
  }

  /**
   * My read pointer of a thread, as far as known.
   * @param {string} threadId
   */
  pointer(threadId) {
    return this.pointers.get(threadId) || null;
  }

  /**
   * How far I have read a thread: my pointer, or further where a markRead is on its way.
   * @param {string} threadId
   */
  readUpTo(threadId) {
    const pointer = this.pointers.get(threadId) || "";
    const pending = this.pending.get(threadId) || "";
    return (pending > pointer ? pending : pointer) || null;
  }

  /**
   * A markRead to this message is on its way.
   * @param {string} threadId
   * @param {string} messageId
   */
  markPending(threadId, messageId) {
    if (messageId > (this.pending.get(threadId) || "")) this.pending.set(threadId, messageId);
  }

  /**
   * The markRead to this message got its reply, or failed (then a later look sends it again).
   * @param {string} threadId
   * @param {string} messageId
   */
  dropPending(threadId, messageId) {
    if (this.pending.get(threadId) === messageId) this.pending.delete(threadId);
  }

  /**
   * My read pointer moved (a markRead reply, a read.updated, a thread listed): it only
   * moves forward (messageIds are ULIDs: they sort by time). Returns whether it moved.
   * @param {string} threadId
   * @param {string} messageId
   */
  notePointer(threadId, messageId) {
    const known = this.pointers.get(threadId);
    if (!messageId || (known && known >= messageId)) return false;
    this.pointers.set(threadId, messageId);
    return true;
  }

  /**
   * Forget a group (I left it, or was removed) and its threads' counts.
   * @param {string} groupId
   */
  forgetGroup(groupId) {
    this.basis.delete(groupId);
    const changed = this.dropThreadsOf(groupId);
    if (this.rest.delete(groupId) || changed) this.changed();
  }

  clear() {
    const had = this.threads.size > 0 || this.rest.size > 0;
    this.threads.clear();
    this.rest.clear();
    this.basis.clear();
    this.pointers.clear();
    this.pending.clear();
    if (had) this.changed();
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

  /**
   * @param {string} groupId
   * @param {string} threadId
   * @param {number} count
   * @returns {boolean} whether it changed.
   */
  putThread(groupId, threadId, count) {
    const known = this.threads.get(threadId);
    const next = Math.max(0, Math.floor(count) || 0);
    if ((known ? known.count : 0) === next) return false;
    if (next === 0) this.threads.delete(threadId);
    else this.threads.set(threadId, { groupId, count: next });
    return true;
  }

  /**
   * @param {string} groupId
   * @param {number} count
   * @returns {boolean} whether it changed.
   */
  putRest(groupId, count) {
    const rest = Math.max(0, count);
    if ((this.rest.get(groupId) || 0) === rest) return false;
    if (rest === 0) this.rest.delete(groupId);
    else this.rest.set(groupId, rest);
    return true;
  }

  /**
   * @param {string} groupId
   * @returns {boolean} whether any thread was counted.
   */
  dropThreadsOf(groupId) {
    let dropped = false;
    for (const [threadId, { groupId: owner }] of this.threads) {
      if (owner === groupId) dropped = this.threads.delete(threadId) || dropped;
    }
    return dropped;
  }

  changed() {
    this.dispatchEvent(new Event("change"));
  }
}

/**
 * A badge's text: the count, or "99+" past 99.
 * @param {number} count
 */
export function badgeText(count) {
  return count > MAX_SHOWN ? `${MAX_SHOWN}+` : String(count);
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
