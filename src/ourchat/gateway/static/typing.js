// @ts-check
// Typing: who is typing in which thread (the `typing` events of others, each shown for 5 s
// after the last one of that person, or until their message arrives), the line under the
// thread that says so ("Ada is typing…"), and how often my own typing is told (at most every
// 2.5 s per thread, and only while there is something in the box). Pure: the time is passed
// in, so `node --test` checks it (tests/js).

/** How long one typing event shows (the protocol's promise: clients show it for 5 s). */
export const TYPING_SHOWN_MS = 5_000;

/** How often my typing in one thread is told at most (the server drops repeats within 3 s). */
export const TYPING_SENT_EVERY_MS = 2_500;

/**
 * The line under the thread for the names of those typing, in the order they started.
 * @param {string[]} names
 */
export function typingText(names) {
  if (names.length === 0) return "";
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return "Several people are typing…";
}

/** Who is typing, per thread: each person until 5 s after their last typing event. */
export class TypingBoard {
  constructor() {
    /** @type {Map<string, Map<string, {since: number, until: number}>>} by threadId, userId. */
    this.threads = new Map();
  }

  /**
   * A typing event: `userId` is typing in `threadId` at `now` (ms).
   * @param {string} threadId
   * @param {string} userId
   * @param {number} now
   */
  note(threadId, userId, now) {
    let typing = this.threads.get(threadId);
    if (!typing) {
      typing = new Map();
      this.threads.set(threadId, typing);
    }
    const known = typing.get(userId);
    const since = known && known.until > now ? known.since : now;
    typing.set(userId, { since, until: now + TYPING_SHOWN_MS });
  }

  /**
   * They stopped: their message arrived. Returns true if they were shown typing.
   * @param {string} threadId
   * @param {string} userId
   */
  stop(threadId, userId) {
    const typing = this.threads.get(threadId);
    if (!typing || !typing.delete(userId)) return false;
    if (typing.size === 0) this.threads.delete(threadId);
    return true;
  }

  /**
   * Those typing in a thread at `now`, in the order they started; the expired are forgotten.
   * @param {string} threadId
   * @param {number} now
   * @returns {string[]}
   */
  typers(threadId, now) {
    const typing = this.threads.get(threadId);
    if (!typing) return [];
    for (const [userId, { until }] of typing) if (until <= now) typing.delete(userId);
    if (typing.size === 0) this.threads.delete(threadId);
    return [...typing]
      .sort(([a, left], [b, right]) => left.since - right.since || (a < b ? -1 : a > b ? 1 : 0))
      .map(([userId]) => userId);
  }

  /**
   * How long until the line of a thread changes by itself (someone's 5 s end), or null.
   * @param {string} threadId
   * @param {number} now
   */
  nextChangeIn(threadId, now) {
    const typing = this.threads.get(threadId);
    if (!typing || typing.size === 0) return null;
    const first = Math.min(...[...typing.values()].map(({ until }) => until));
    return Math.max(0, first - now);
  }

  clear() {
    this.threads.clear();
  }
}

/** When to tell the others that I am typing: not on every key, at most every 2.5 s. */
export class TypingSender {
  /** @param {(threadId: string) => void} send tells the server (a `typing` request). */
  constructor(send) {
    this.send = send;
    /** @type {string | null} the thread told last. */
    this.threadId = null;
    this.sentAt = -Infinity;
  }

  /**
   * The box of a thread changed at `now`: tell the server if it is time. Returns whether it
   * was told. An emptied box tells nothing.
   * @param {string | null} threadId
   * @param {string} text what the box holds now.
   * @param {number} now
   */
  input(threadId, text, now) {
    if (!threadId || !text.trim()) return false;
    if (threadId === this.threadId && now - this.sentAt < TYPING_SENT_EVERY_MS) return false;
    this.threadId = threadId;
    this.sentAt = now;
    this.send(threadId);
    return true;
  }
}
