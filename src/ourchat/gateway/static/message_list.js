// @ts-check
// The list of one thread's messages on screen: stored messages in messageId order (ULIDs sort
// by time), each row kept up to date with what the client knows of it (thread_messages.js),
// a separator before each day and consecutive messages of one sender grouped (timeline.js),
// the "New messages" divider before the first unread one, messages still being sent at the
// bottom, and the scroll position (auto-scroll while the reader is at the bottom).

import { h, isAtBottom } from "./dom.js";
import { messageRow, pendingRow, renderRow } from "./message_rows.js";
import { ThreadMessages } from "./thread_messages.js";
import { dayLabel, layOut } from "./timeline.js";

/** @import { Me, Message } from "./api.js" */
/** @import { RowContext } from "./message_rows.js" */
/** @import { PendingMessage } from "./outbox.js" */

const HIGHLIGHT_MS = 2_000;

export class MessageList {
  /**
   * @param {HTMLElement} list the <ol> of messages.
   * @param {HTMLElement} scroller the element that scrolls it.
   * @param {(messageId: string) => RowContext} context what a row shows besides its message.
   */
  constructor(list, scroller, context) {
    this.list = list;
    this.scroller = scroller;
    this.context = context;
    /** @type {string[]} the messageIds on screen, in order. */
    this.order = [];
    /** @type {Map<string, HTMLElement>} by messageId. */
    this.rows = new Map();
    /** @type {Map<string, HTMLElement>} by clientMessageId, in the order they were typed. */
    this.pendingRows = new Map();
    this.messages = new ThreadMessages("");
    /** @type {Map<string, HTMLElement>} the day separators, by day (timeline.js's dayKey). */
    this.separators = new Map();
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.highlightTimer = undefined;
    /** @type {string | null} the message the "New messages" divider goes before. */
    this.dividerId = null;
    this.divider = h("li", {
      class: "unread-divider",
      "data-testid": "unread-divider",
      text: "New messages",
    });
  }

  /**
   * Forget the stored messages (another thread, or a start over); the rows of messages being
   * sent stay unless `pendingToo`.
   * @param {string} me the signed-in user's id.
   * @param {boolean} pendingToo
   */
  reset(me, pendingToo) {
    if (pendingToo) this.pendingRows.clear();
    this.order = [];
    this.rows.clear();
    this.separators.clear();
    this.dividerId = null;
    this.messages = new ThreadMessages(me);
    this.list.replaceChildren(...this.pendingRows.values());
  }

  /**
   * Put the "New messages" divider before this message (null: take it away).
   * @param {string | null} messageId
   */
  setDivider(messageId) {
    if (messageId === this.dividerId) return;
    const stick = isAtBottom(this.scroller);
    this.dividerId = messageId;
    this.layOut();
    // The divider's height must not push the newest message out of view.
    if (stick) this.scrollToBottom();
  }

  /** The stored messages on screen, in order. */
  shown() {
    return this.order.flatMap((id) => this.messages.get(id)?.message || []);
  }

  /** @param {string} messageId */
  has(messageId) {
    return this.rows.has(messageId);
  }

  /**
   * Show messages in order. One on screen already is brought up to date with this copy
   * (`merge`) or left as it is (a repeated message.created).
   * @param {Message[]} messages
   * @param {boolean} forceScroll scroll to the bottom afterwards.
   * @param {boolean} [followBottom] stay at the bottom if the reader is there.
   * @param {boolean} [merge]
   */
  add(messages, forceScroll, followBottom = true, merge = true) {
    const stick = forceScroll || (followBottom && isAtBottom(this.scroller));
    for (const message of messages) {
      if (this.rows.has(message.messageId)) {
        if (merge) {
          this.messages.put(message);
          this.render(message.messageId);
        }
        continue;
      }
      const view = this.messages.put(message);
      const row = messageRow(view, this.context(message.messageId));
      this.rows.set(message.messageId, row);
      const index = this.insertionIndex(message.messageId);
      const next = index < this.order.length ? this.rows.get(this.order[index]) : null;
      this.order.splice(index, 0, message.messageId);
      this.list.insertBefore(row, next || this.firstPendingRow());
    }
    this.layOut();
    if (stick) this.scrollToBottom();
  }

  /**
   * Put a separator before the first message of each day, and mark the messages that
   * continue their sender's run ("continued": style.css shows their sender once).
   */
  layOut() {
    /** @type {Set<string>} */
    const days = new Set();
    const stamped = this.shown();
    const dividerRow = this.dividerId ? this.rows.get(this.dividerId) : undefined;
    for (const { messageId, day, continued } of layOut(stamped)) {
      const row = this.rows.get(messageId);
      if (!row) continue;
      // After the divider, a message starts afresh: its sender's name shows again.
      row.classList.toggle("continued", continued && row !== dividerRow);
      if (!day) continue;
      days.add(day);
      let separator = this.separators.get(day);
      if (!separator) {
        separator = h("li", { class: "day-separator", "data-testid": "day-separator" });
        this.separators.set(day, separator);
      }
      const label = dayLabel(day);
      if (separator.textContent !== label) separator.textContent = label;
      // The day's separator comes first, then the divider if it is before this row too.
      const next = row.previousElementSibling === this.divider ? this.divider : row;
      if (next.previousElementSibling !== separator) this.list.insertBefore(separator, next);
    }
    for (const [day, separator] of this.separators) {
      if (days.has(day)) continue;
      separator.remove();
      this.separators.delete(day);
    }
    if (!dividerRow) this.divider.remove();
    else if (dividerRow.previousElementSibling !== this.divider) {
      this.list.insertBefore(this.divider, dividerRow);
    }
  }

  /**
   * Add older messages above, keeping the message the reader looks at in place.
   * @param {Message[]} messages
   */
  addOlder(messages) {
    const before = this.scroller.scrollHeight;
    const top = this.scroller.scrollTop;
    this.add(messages, false, false);
    this.scroller.scrollTop = top + (this.scroller.scrollHeight - before);
  }

  /**
   * Bring a message's row up to date (staying at the bottom if the reader is there).
   * @param {string} messageId
   */
  render(messageId) {
    const row = this.rows.get(messageId);
    const view = this.messages.get(messageId);
    if (!row || !view) return;
    const stick = isAtBottom(this.scroller);
    renderRow(row, view, this.context(messageId));
    if (stick) this.scrollToBottom();
  }

  renderAll() {
    for (const messageId of this.order) this.render(messageId);
  }

  /**
   * Scroll to a message, focus it and highlight it for a moment; false if not on screen.
   * @param {string} messageId
   */
  highlight(messageId) {
    const row = this.rows.get(messageId);
    if (!row) return false;
    row.scrollIntoView({ block: "center" });
    row.focus({ preventScroll: true });
    for (const old of this.list.querySelectorAll(".highlight")) old.classList.remove("highlight");
    row.classList.add("highlight");
    clearTimeout(this.highlightTimer);
    this.highlightTimer = setTimeout(() => row.classList.remove("highlight"), HIGHLIGHT_MS);
    return true;
  }

  /** @param {string} messageId */
  insertionIndex(messageId) {
    let low = 0;
    let high = this.order.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.order[middle] < messageId) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  firstPendingRow() {
    const first = this.pendingRows.values().next();
    return first.done ? null : first.value;
  }

  /**
   * Show a thread's unacknowledged sends at the bottom, in the order they were typed.
   * @param {PendingMessage[]} entries this thread's.
   * @param {Me} me
   * @param {(userId: string) => string | undefined} nameOf
   */
  syncPending(entries, me, nameOf) {
    const stick = isAtBottom(this.scroller);
    const live = new Set();
    for (const entry of entries) {
      live.add(entry.clientMessageId);
      const row = pendingRow(entry, me, nameOf);
      const old = this.pendingRows.get(entry.clientMessageId);
      if (old) old.replaceWith(row);
      else this.list.append(row);
      this.pendingRows.set(entry.clientMessageId, row);
    }
    for (const [id, row] of this.pendingRows) {
      if (!live.has(id)) {
        row.remove();
        this.pendingRows.delete(id);
      }
    }
    if (stick) this.scrollToBottom();
  }

  scrollToBottom() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }
}
