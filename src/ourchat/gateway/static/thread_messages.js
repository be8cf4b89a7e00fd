// @ts-check
// The stored messages of the thread on screen, as the client knows them, and how the server's
// copies and events change them: edits, tombstones, reactions, and the quotes of replies whose
// original is deleted. Pure (no DOM), so `node --test` checks it (tests/js).

import { Reactions } from "./reactions.js";

/** @import { Message, MessageDeleted, ReactionChanged } from "./api.js" */

/**
 * A message and its reactions as the client keeps them (reactions.js).
 * @typedef {{message: Message, reactions: Reactions}} MessageView
 */

/**
 * What is left of a deleted message: its place, sender and times; no content, reactions or
 * reply (as the server keeps it).
 * @param {Message} message
 * @param {string} deletedAt
 * @returns {Message}
 */
export function tombstoneOf(message, deletedAt) {
  const { reactions: _reactions, replyTo: _replyTo, ...kept } = message;
  return { ...kept, content: "", deletedAt };
}

/**
 * Merge a copy of a message from the server into the one known: the copy wins, except that a
 * deletion is final, and an older copy (an earlier editedAt) keeps the newer edit and a quote
 * already known to be of a deleted message.
 * @param {Message} known
 * @param {Message} copy
 * @returns {Message}
 */
export function mergeMessage(known, copy) {
  if (known.deletedAt) return known;
  if (copy.deletedAt) return tombstoneOf(copy, copy.deletedAt);
  let merged = copy;
  if ((known.editedAt || "") > (copy.editedAt || "")) {
    merged = { ...merged, content: known.content, editedAt: known.editedAt };
  }
  if (known.replyTo?.deleted && merged.replyTo && !merged.replyTo.deleted) {
    merged = { ...merged, replyTo: known.replyTo };
  }
  return merged;
}

export class ThreadMessages {
  /** @param {string} me the signed-in user's id (their reactions show pressed). */
  constructor(me) {
    this.me = me;
    /** @type {Map<string, MessageView>} by messageId. */
    this.views = new Map();
  }

  /** @param {string} messageId */
  get(messageId) {
    return this.views.get(messageId);
  }

  /** @param {string} messageId */
  has(messageId) {
    return this.views.has(messageId);
  }

  clear() {
    this.views.clear();
  }

  /**
   * A copy of a message from the server (a page, an event, a reply): kept, or merged into
   * the one known (mergeMessage); its reactions are the copy's. Returns its view.
   * @param {Message} message
   * @returns {MessageView}
   */
  put(message) {
    const known = this.views.get(message.messageId);
    if (!known) {
      const stored = message.deletedAt ? tombstoneOf(message, message.deletedAt) : message;
      const view = { message: stored, reactions: new Reactions(this.me, stored.reactions) };
      this.views.set(message.messageId, view);
      return view;
    }
    const wasDeleted = Boolean(known.message.deletedAt);
    known.message = mergeMessage(known.message, message);
    if (!wasDeleted) known.reactions.reset(known.message.reactions);
    return known;
  }

  /**
   * A message.updated event: only a message on screen changes (an older one is fetched as it
   * is when its page loads). Returns its view, or undefined.
   * @param {Message} message
   */
  update(message) {
    return this.views.has(message.messageId) ? this.put(message) : undefined;
  }

  /**
   * A message.deleted event (or my own deleteMessage's reply): the message becomes a
   * tombstone, and the replies on screen that quote it say "deleted message". Returns the
   * messageIds whose rows changed.
   * @param {MessageDeleted} deleted
   * @returns {string[]}
   */
  delete({ messageId, deletedAt }) {
    const changed = [];
    const view = this.views.get(messageId);
    if (view && !view.message.deletedAt) {
      view.message = tombstoneOf(view.message, deletedAt);
      view.reactions.reset([]);
      changed.push(messageId);
    }
    for (const [id, reply] of this.views) {
      const quote = reply.message.replyTo;
      if (!quote || quote.messageId !== messageId || quote.deleted) continue;
      const { senderUserId } = quote;
      reply.message = { ...reply.message, replyTo: { messageId, senderUserId, deleted: true } };
      changed.push(id);
    }
    return changed;
  }

  /**
   * A reaction.added (`added`) or reaction.removed event; true when its message changed.
   * @param {ReactionChanged} change
   * @param {boolean} added
   * @param {number} [seq]
   */
  react(change, added, seq) {
    const view = this.views.get(change.messageId);
    if (!view || view.message.deletedAt) return false;
    return view.reactions.apply(change, added, seq);
  }
}
