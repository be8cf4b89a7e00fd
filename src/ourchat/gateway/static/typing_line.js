// @ts-check
// The line under the open thread that says who is typing in it ("Ada is typing…"): fed by the
// `typing` events of any thread (typing.js keeps them), it shows the open thread's, by name,
// and clears by itself once the 5 s of the last one are over. A polite live region, so a
// screen reader hears it once when it changes.

import { byId } from "./dom.js";
import { TypingBoard, typingText } from "./typing.js";

/** @import { NameBook } from "./people.js" */

export class TypingLine {
  /** @param {NameBook} names who is who. */
  constructor(names) {
    this.node = byId("typing-indicator");
    this.names = names;
    this.board = new TypingBoard();
    /** @type {string | null} the thread on screen. */
    this.threadId = null;
    /** @type {ReturnType<typeof setTimeout> | undefined} when the line changes by itself. */
    this.timer = undefined;
    names.addEventListener("change", () => this.render());
  }

  /**
   * Show the line of another thread (or none).
   * @param {string | null} threadId
   */
  show(threadId) {
    this.threadId = threadId;
    this.render();
  }

  /**
   * A `typing` event.
   * @param {{threadId: string, userId: string}} typing
   */
  note({ threadId, userId }) {
    if (typeof threadId !== "string" || typeof userId !== "string") return;
    this.board.note(threadId, userId, Date.now());
    if (threadId === this.threadId) this.render();
  }

  /**
   * Someone's message arrived: they are no longer typing it.
   * @param {string} threadId
   * @param {string} userId
   */
  stop(threadId, userId) {
    if (this.board.stop(threadId, userId) && threadId === this.threadId) this.render();
  }

  clear() {
    this.board.clear();
    this.render();
  }

  render() {
    clearTimeout(this.timer);
    this.timer = undefined;
    const now = Date.now();
    const threadId = this.threadId;
    const typers = threadId ? this.board.typers(threadId, now) : [];
    const text = typingText(typers.map((userId) => this.names.label(userId)));
    if (this.node.textContent !== text) this.node.textContent = text;
    const wait = threadId ? this.board.nextChangeIn(threadId, now) : null;
    if (wait !== null) this.timer = setTimeout(() => this.render(), wait);
  }
}
