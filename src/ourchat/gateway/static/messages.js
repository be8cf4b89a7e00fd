// @ts-check
// The messages column: the selected thread's name (renamed in place by its creator, the
// group's owner or an admin), its messages, oldest at the top, "load older", messages still
// being sent at the bottom, and auto-scroll while the reader is at the bottom.

import { byId, formInput, h, isAtBottom, swatch } from "./dom.js";
import { InlineEditor } from "./editor.js";
import { messageRow, pendingRow, senderLabel } from "./message_rows.js";
import { ACTIONS } from "./protocol.js";
import { canRenameThread } from "./roles.js";
import { notifyError } from "./toasts.js";

/** @import { ChatApi, Me, Message, Page, Role, Thread } from "./api.js" */
/** @import { PendingMessage } from "./outbox.js" */
/** @import { NameBook } from "./people.js" */

export class MessagesPane {
  /**
   * @param {ChatApi} api
   * @param {() => Me} me the signed-in user.
   * @param {NameBook} names the senders' names, as they are learned.
   * @param {(thread: Thread) => void} onThreadRenamed gets the reply to a rename.
   */
  constructor(api, me, names, onThreadRenamed) {
    this.api = api;
    this.me = me;
    this.names = names;
    this.onThreadRenamed = onThreadRenamed;
    /** @type {Role | null} my role in the thread's group, null while unknown. */
    this.role = null;
    /** @type {Thread | null} */
    this.thread = null;
    /** @type {string | null} */
    this.nextCursor = null;
    /** @type {string[]} the messageIds on screen, in order. */
    this.order = [];
    /** @type {Map<string, HTMLElement>} by messageId. */
    this.rows = new Map();
    /** @type {Map<string, HTMLElement>} by clientMessageId, in the order they were typed. */
    this.pendingRows = new Map();
    this.title = byId("thread-title");
    this.scroller = byId("message-scroller");
    this.list = byId("message-list");
    this.loadOlderButton = /** @type {HTMLButtonElement} */ (byId("load-older"));
    this.loadOlderButton.addEventListener("click", () => this.loadOlder());
    this.renameThread = new InlineEditor(
      /** @type {HTMLButtonElement} */ (byId("rename-thread")),
      /** @type {HTMLFormElement} */ (byId("rename-thread-form")),
      {
        fill: (form) => {
          formInput(form, "threadName").value = this.thread ? this.thread.threadName : "";
        },
        save: (form) => this.rename(formInput(form, "threadName").value),
      },
    );
    names.addEventListener("change", () => this.showSenderNames());
  }

  get threadId() {
    return this.thread ? this.thread.threadId : null;
  }

  /**
   * Show another thread (or none) and fetch its latest messages; returns them.
   * @param {Thread | null} thread
   * @returns {Promise<Message[]>}
   */
  async showThread(thread) {
    this.thread = thread;
    this.clear();
    this.renameThread.close(false);
    this.renderTitle();
    return thread ? this.refresh() : [];
  }

  renderTitle() {
    const thread = this.thread;
    const name = thread
      ? h("span", { "data-testid": "thread-title-name", text: thread.threadName })
      : h("span", { class: "muted", text: "Select a thread" });
    this.title.replaceChildren(...(thread ? [swatch(thread.color), name] : [name]));
    this.renameThread.allow(
      thread !== null && canRenameThread(this.role, this.me().userId, thread),
    );
  }

  /**
   * My role in the shown group changed: it decides whether I may rename the thread.
   * @param {Role | null} role
   */
  setRole(role) {
    this.role = role;
    this.renderTitle();
  }

  /**
   * A thread.updated event or reply: show the new name if it is the thread on screen.
   * @param {Thread} thread
   */
  noteThread(thread) {
    if (!this.thread || this.thread.threadId !== thread.threadId) return;
    this.thread = thread;
    this.renderTitle();
  }

  /**
   * Rename the thread on screen; true when done (the same name counts as done).
   * @param {string} threadName
   */
  async rename(threadName) {
    const thread = this.thread;
    if (!thread || threadName === thread.threadName) return true;
    try {
      /** @type {Thread} */
      const updated = await this.api.request(ACTIONS.updateThread, {
        threadId: thread.threadId,
        threadName,
      });
      this.onThreadRenamed(updated);
      return true;
    } catch (error) {
      notifyError(error, "rename the thread");
      return false;
    }
  }

  /** Names were learned: messages that showed a sender's id show their name. */
  showSenderNames() {
    const me = this.me();
    const nameOf = (/** @type {string} */ id) => this.names.nameOf(id);
    for (const node of this.list.querySelectorAll("[data-sender-id]")) {
      const sender = /** @type {HTMLElement} */ (node);
      const label = senderLabel(sender.dataset.senderId || "", me, nameOf);
      if (sender.textContent !== label) sender.textContent = label;
    }
  }

  clear() {
    this.order = [];
    this.rows.clear();
    this.pendingRows.clear();
    this.nextCursor = null;
    this.list.replaceChildren();
    this.loadOlderButton.hidden = true;
  }

  /**
   * Fetch the latest page (again, e.g. after a reconnect), merge it in, and return it.
   * @returns {Promise<Message[]>}
   */
  async refresh() {
    const thread = this.thread;
    if (!thread) return [];
    /** @type {Page<{messages: Message[]}>} */
    const data = await this.api.request(ACTIONS.getLastMessages, { threadId: thread.threadId });
    if (this.thread !== thread) return [];
    const messages = data.messages || [];
    const known = messages.some((message) => this.rows.has(message.messageId));
    if (this.order.length === 0 || !known) {
      // First load, or we missed more than a page while away: start over from the latest
      // page rather than show a hole in the conversation.
      const pending = [...this.pendingRows.values()];
      this.order = [];
      this.rows.clear();
      this.list.replaceChildren(...pending);
      this.nextCursor = data.nextCursor || null;
      this.add(messages, true);
    } else {
      this.add(messages, false);
    }
    this.loadOlderButton.hidden = !this.nextCursor;
    return messages;
  }

  async loadOlder() {
    const thread = this.thread;
    if (!thread || !this.nextCursor) return;
    this.loadOlderButton.disabled = true;
    try {
      /** @type {Page<{messages: Message[]}>} */
      const data = await this.api.request(ACTIONS.getLastMessages, {
        threadId: thread.threadId,
        before: this.nextCursor,
      });
      if (this.thread !== thread) return;
      const before = this.scroller.scrollHeight;
      const top = this.scroller.scrollTop;
      this.add(data.messages || [], false, false);
      // Keep the message the reader was looking at in place.
      this.scroller.scrollTop = top + (this.scroller.scrollHeight - before);
      this.nextCursor = data.nextCursor || null;
      this.loadOlderButton.hidden = !this.nextCursor;
    } catch (error) {
      notifyError(error, "load older messages");
    } finally {
      this.loadOlderButton.disabled = false;
    }
  }

  /**
   * A message.created event or a send's reply; messages of other threads are ignored.
   * @param {Message} message
   * @param {boolean} [forceScroll] scroll to it even if the reader has scrolled up.
   */
  receive(message, forceScroll = false) {
    if (!this.thread || message.threadId !== this.thread.threadId) return;
    this.add([message], forceScroll);
  }

  /**
   * Insert messages in messageId order (ULIDs sort by time); known ones are skipped.
   * @param {Message[]} messages
   * @param {boolean} forceScroll scroll to the bottom afterwards.
   * @param {boolean} [followBottom] stay at the bottom if the reader is there.
   */
  add(messages, forceScroll, followBottom = true) {
    const stick = forceScroll || (followBottom && isAtBottom(this.scroller));
    for (const message of messages) {
      if (this.rows.has(message.messageId)) continue;
      const row = messageRow(message, this.me(), (id) => this.names.nameOf(id));
      this.rows.set(message.messageId, row);
      const index = this.insertionIndex(message.messageId);
      const next = index < this.order.length ? this.rows.get(this.order[index]) : null;
      this.order.splice(index, 0, message.messageId);
      this.list.insertBefore(row, next || this.firstPendingRow());
    }
    if (stick) this.scrollToBottom();
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
   * Show this thread's unacknowledged sends at the bottom, in the order they were typed.
   * @param {PendingMessage[]} entries
   */
  syncPending(entries) {
    const stick = isAtBottom(this.scroller);
    const live = new Set();
    for (const entry of entries) {
      if (entry.threadId !== this.threadId) continue;
      live.add(entry.clientMessageId);
      const row = pendingRow(entry, this.me());
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
