// @ts-check
// Replying: the message I answer, quoted above the composer with a Cancel button (Escape in
// the composer cancels too) until I send; the send carries its id (Outbox).

import { byId } from "./dom.js";
import { excerptOf } from "./format.js";
import { senderLabel } from "./message_rows.js";

/** @import { Me, Message, ReplyTo } from "./api.js" */

export class ReplyBar {
  /**
   * @param {() => Me} me the signed-in user.
   * @param {(userId: string) => string | undefined} nameOf
   */
  constructor(me, nameOf) {
    this.me = me;
    this.nameOf = nameOf;
    /** @type {{threadId: string, replyTo: ReplyTo} | null} */
    this.target = null;
    this.bar = byId("reply-bar");
    this.sender = byId("reply-bar-sender");
    this.excerpt = byId("reply-bar-excerpt");
    this.input = /** @type {HTMLTextAreaElement} */ (byId("composer-input"));
    byId("reply-cancel").addEventListener("click", () => this.cancel(true));
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.target) {
        event.preventDefault();
        this.cancel(true);
      }
    });
  }

  /**
   * Reply to this message: it shows above the composer, which gets the focus.
   * @param {Message} message
   */
  start(message) {
    const { messageId, senderUserId, threadId } = message;
    const excerpt = excerptOf(message.content);
    this.target = { threadId, replyTo: { messageId, senderUserId, excerpt } };
    this.render();
    this.input.focus();
  }

  /** @param {boolean} [refocus] put the focus back in the composer. */
  cancel(refocus = false) {
    this.target = null;
    this.render();
    if (refocus) this.input.focus();
  }

  /**
   * What the message being sent in this thread answers, if anything; the bar closes.
   * @param {string} threadId
   * @returns {ReplyTo | undefined}
   */
  take(threadId) {
    const target = this.target;
    this.cancel();
    return target && target.threadId === threadId ? target.replyTo : undefined;
  }

  /**
   * Another thread (or none) is shown: a reply to a message of another thread is dropped.
   * @param {string | null} threadId
   */
  forThread(threadId) {
    if (this.target && this.target.threadId !== threadId) this.cancel();
  }

  /**
   * A message was deleted: if it is the one I answer, the quote says so (the reply can still
   * be sent; it will quote "deleted message").
   * @param {string} messageId
   */
  noteDeleted(messageId) {
    const target = this.target;
    if (!target || target.replyTo.messageId !== messageId) return;
    const { senderUserId } = target.replyTo;
    this.target = { ...target, replyTo: { messageId, senderUserId, deleted: true } };
    this.render();
  }

  render() {
    const replyTo = this.target?.replyTo;
    this.bar.hidden = !replyTo;
    if (replyTo) this.input.setAttribute("aria-describedby", "reply-bar-text");
    else this.input.removeAttribute("aria-describedby");
    const sender = replyTo ? senderLabel(replyTo.senderUserId, this.me(), this.nameOf) : "";
    this.sender.textContent = sender;
    const excerpt = replyTo && (replyTo.deleted ? "deleted message" : replyTo.excerpt);
    this.excerpt.textContent = excerpt || "";
    this.excerpt.classList.toggle("deleted", Boolean(replyTo && replyTo.deleted));
  }
}
