// @ts-check
// A message's reactions as the client keeps them: the server's counts (from a page, an event
// that carries the message, or the reply to my own request), changed by reaction.added and
// reaction.removed events. Pure, so `node --test` checks it (tests/js).
//
// The rule that keeps a count from going twice. The server sends a reaction event only for a
// real change, but a change may reach this client twice: as its event and inside a message
// it already counted it in (the reply to my own addReaction, a page fetched meanwhile), or,
// with at-least-once delivery, as the same event again (same `seq`). So an event is applied
// only when what it says is not known already:
// - an event whose `seq` was applied before is ignored;
// - `reaction.added` for a user the message names among the emoji's userIds, or for me when
//   I know I reacted with it, is counted already: ignored;
// - `reaction.removed` for an emoji the message does not have, or for a user not among its
//   userIds while those name every one who reacted (count ≤ 10), or for me when I know I had
//   not reacted, is done already: ignored;
// - anything else changes the count by one, and the userIds where known.
// userIds name at most the first ten: past ten, a user the message does not name cannot be
// told apart from one it does not count yet, and the event is applied (trusting it is new).
// What I reacted with myself is remembered beside them (`mine`), from the userIds, my own
// requests and my own events, so my own chips stay right past ten too.

/** @import { Reaction } from "./api.js" */

/** How many of those who reacted with an emoji the server names. */
export const MAX_NAMED_REACTORS = 10;

/** How many different emoji a message takes (the server refuses the 21st). */
export const MAX_EMOJI_PER_MESSAGE = 20;

/**
 * One emoji as shown: its count, who reacted (the first ten, as far as known) and whether I did.
 * @typedef {{emoji: string, count: number, userIds: string[], mine: boolean}} ReactionView
 */

export class Reactions {
  /**
   * @param {string} me the signed-in user's id.
   * @param {Reaction[]} [list] the message's reactions as the server sent them.
   */
  constructor(me, list = []) {
    this.me = me;
    /** @type {Map<string, {count: number, userIds: Set<string>}>} by emoji, in server order. */
    this.byEmoji = new Map();
    /** @type {Map<string, boolean>} by emoji: whether I reacted with it, where known. */
    this.mine = new Map();
    /** @type {Set<number>} the seqs of the events applied. */
    this.seen = new Set();
    this.reset(list);
  }

  /**
   * Take the server's reactions of the message (a newer copy of it) as they are.
   * @param {Reaction[] | undefined} list
   */
  reset(list) {
    /** @type {Map<string, {count: number, userIds: Set<string>}>} */
    const next = new Map();
    for (const reaction of Array.isArray(list) ? list : []) {
      if (!reaction || typeof reaction.emoji !== "string" || !(reaction.count > 0)) continue;
      const userIds = new Set(Array.isArray(reaction.userIds) ? reaction.userIds : []);
      next.set(reaction.emoji, { count: reaction.count, userIds });
      if (userIds.has(this.me)) this.mine.set(reaction.emoji, true);
      else if (userIds.size >= reaction.count) this.mine.set(reaction.emoji, false);
      // Otherwise I may be one of those not named: what I knew stays.
    }
    for (const emoji of this.mine.keys()) if (!next.has(emoji)) this.mine.delete(emoji);
    this.byEmoji = next;
  }

  /**
   * Whether a user reacted with an emoji: true, false, or null when it cannot be told (the
   * server names only the first ten).
   * @param {string} userId
   * @param {string} emoji
   * @returns {boolean | null}
   */
  reacted(userId, emoji) {
    const entry = this.byEmoji.get(emoji);
    if (!entry) return false;
    if (entry.userIds.has(userId)) return true;
    const mine = userId === this.me ? this.mine.get(emoji) : undefined;
    if (mine !== undefined) return mine;
    return entry.userIds.size >= entry.count ? false : null;
  }

  /**
   * Apply a reaction.added (`added`) or reaction.removed event, or my own change before its
   * reply; returns true when it changed anything (see the rule above).
   * @param {{userId: string, emoji: string}} change
   * @param {boolean} added
   * @param {number} [seq] the event's seq, if it is an event.
   */
  apply({ userId, emoji }, added, seq) {
    if (typeof seq === "number") {
      if (this.seen.has(seq)) return false;
      this.seen.add(seq);
    }
    const known = this.reacted(userId, emoji);
    const entry = this.byEmoji.get(emoji);
    if (added) {
      if (known === true) return false;
      if (!entry) this.byEmoji.set(emoji, { count: 1, userIds: new Set([userId]) });
      else {
        entry.count += 1;
        if (entry.userIds.size < MAX_NAMED_REACTORS) entry.userIds.add(userId);
      }
    } else {
      if (known === false || !entry) return false;
      entry.userIds.delete(userId);
      entry.count -= 1;
      if (entry.count <= 0) this.byEmoji.delete(emoji);
    }
    if (userId === this.me) this.noteMine(emoji, added);
    return true;
  }

  /**
   * I know whether I reacted with this emoji (the reply to my own request says so).
   * @param {string} emoji
   * @param {boolean} reacted
   */
  noteMine(emoji, reacted) {
    if (this.byEmoji.has(emoji)) this.mine.set(emoji, reacted);
    else this.mine.delete(emoji);
  }

  /**
   * Whether one more emoji would be refused: the message has 20 others already.
   * @param {string} emoji
   */
  isFullFor(emoji) {
    return !this.byEmoji.has(emoji) && this.byEmoji.size >= MAX_EMOJI_PER_MESSAGE;
  }

  /** @returns {ReactionView[]} in the server's order, new emoji last. */
  list() {
    return [...this.byEmoji].map(([emoji, { count, userIds }]) => ({
      emoji,
      count,
      userIds: [...userIds],
      mine: this.reacted(this.me, emoji) === true,
    }));
  }
}

/**
 * A chip's tooltip: who reacted, by name ("You, Alice and 3 others"), for those named; me
 * first.
 * @param {ReactionView} reaction
 * @param {(userId: string) => string} label a user's name (or id while unknown).
 * @param {string} [me] my user id: shown first, as "You".
 */
export function reactorsText(reaction, label, me) {
  const named = reaction.userIds.filter((id) => id !== me);
  const names = named.length < reaction.userIds.length ? ["You"] : [];
  names.push(...named.map(label));
  const others = reaction.count - names.length;
  if (others > 0 && names.length === 0) names.push(others === 1 ? "1 person" : `${others} people`);
  else if (others > 0) names.push(others === 1 ? "1 other" : `${others} others`);
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
