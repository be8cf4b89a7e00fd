// @ts-check
// The messages column: the selected thread's header (thread_title.js), its messages
// (message_list.js) fetched page by page as the reader scrolls up (or presses "load older",
// for the keyboard), and the changes the server tells
// of (edits, deletions, reactions) shown in place. What people do to a message is in
// message_actions.js. Reading (reading.js): the "New messages" divider before the first
// message unread when the thread opened (kept while it stays open), and which message is the
// newest one in view, for markRead.

import { byId, isAtBottom } from "./dom.js";
import { RecentEmoji } from "./emoji.js";
import { MessageActions } from "./message_actions.js";
import { MessageList } from "./message_list.js";
import { ACTIONS } from "./protocol.js";
import { firstUnread, newestInView, unreadAfter } from "./reading.js";
import { userStorageKey } from "./session.js";
import { ThreadTitle } from "./thread_title.js";
import { notify, notifyError } from "./toasts.js";

/**
 * @import {
 *   ChatApi, Me, Message, MessageDeleted, Page, ReactionChanged, Role, Thread,
 * } from "./api.js"
 */
/** @import { RowContext } from "./message_rows.js" */
/** @import { PendingMessage } from "./outbox.js" */
/** @import { NameBook } from "./people.js" */
/** @import { MessageView } from "./thread_messages.js" */
/** @import { ReadMark } from "./reading.js" */

/** Nothing unread: no divider. */
const ALL_READ = Object.freeze({ pointer: null, count: 0 });

/**
 * A catch-up (a reconnect's sync) adds at most this many new messages to the thread on
 * screen; past it, the thread is loaded afresh instead (its latest page, history above).
 */
export const MAX_CAUGHT_UP = 100;

/** How many older pages "show the original" of a reply loads to find it. */
const MAX_PAGES_TO_ORIGINAL = 5;
/** Scrolled this close to the top (CSS pixels), the next older page loads. */
const LOAD_OLDER_AT_PX = 150;

export class MessagesPane {
  /**
   * @param {ChatApi} api
   * @param {() => Me} me the signed-in user.
   * @param {NameBook} names the senders' names, as they are learned.
   * @param {(thread: Thread) => void} onThreadRenamed gets the reply to a rename.
   * @param {(message: Message) => void} onReply Reply was pressed on a message.
   */
  constructor(api, me, names, onThreadRenamed, onReply) {
    this.api = api;
    this.me = me;
    this.names = names;
    /** @type {Role | null} my role in the thread's group, null while unknown. */
    this.role = null;
    /** @type {Thread | null} */
    this.thread = null;
    /** @type {string | null} */
    this.nextCursor = null;
    /** @type {ReadMark} what was unread when the thread opened: where the divider goes. */
    this.mark = ALL_READ;
    /** Whether the divider is where it stays: no older page can move it. */
    this.dividerSettled = true;
    /** @type {{added: number, overflow: boolean} | null} while a catch-up runs. */
    this.catchingUp = null;
    this.header = new ThreadTitle(api, me, onThreadRenamed);
    const list = byId("message-list");
    this.scroller = byId("message-scroller");
    /** @type {MessageList} */
    this.list = new MessageList(list, byId("message-scroller"), (id) => this.context(id));
    this.loadOlderButton = /** @type {HTMLButtonElement} */ (byId("load-older"));
    this.loadOlderButton.addEventListener("click", () => this.loadOlder());
    /** @type {Promise<void> | null} the older page being fetched. */
    this.loadingOlder = null;
    const scroller = byId("message-scroller");
    // Near the top, and away from the bottom (where a short thread's list is kept): the
    // reader scrolled up.
    scroller.addEventListener("scroll", () => {
      if (scroller.scrollTop < LOAD_OLDER_AT_PX && !isAtBottom(scroller)) this.loadOlder();
    });
    /** @type {RecentEmoji | null} */
    let recent = null;
    const recentEmoji = () => {
      const key = userStorageKey("recentEmoji", me().userId);
      if (!recent || recent.storageKey !== key) recent = new RecentEmoji(key);
      return recent;
    };
    /** @type {MessageActions} */
    this.actions = new MessageActions(list, api, this, recentEmoji, onReply);
    names.addEventListener("change", () => this.list.renderAll());
  }

  get threadId() {
    return this.thread ? this.thread.threadId : null;
  }

  /**
   * Show another thread (or none) and fetch its latest messages; returns them.
   * @param {Thread | null} thread
   * @param {ReadMark} [mark] what is unread in it: the divider goes before the first.
   * @returns {Promise<Message[]>}
   */
  async showThread(thread, mark = ALL_READ) {
    this.thread = thread;
    this.mark = mark;
    this.dividerSettled = false;
    this.loadingOlder = null;
    this.actions.reset();
    this.list.reset(this.me().userId, true);
    this.nextCursor = null;
    this.loadOlderButton.hidden = true;
    this.header.show(thread);
    return thread ? this.refresh() : [];
  }

  /**
   * My role in the shown group changed: it decides what I may do (rename, delete).
   * @param {Role | null} role
   */
  setRole(role) {
    this.role = role;
    this.header.setRole(role);
    this.list.renderAll();
  }

  /**
   * A thread.updated event or reply: show the new name if it is the thread on screen.
   * @param {Thread} thread
   */
  noteThread(thread) {
    if (!this.shows(thread.threadId)) return;
    this.thread = thread;
    this.header.note(thread);
  }

  /**
   * Load the thread on screen again from scratch (its group was reset, or a catch-up
   * overflowed), the divider where it was or by a new mark.
   * @param {ReadMark} [mark]
   */
  async reload(mark = this.mark) {
    return this.thread ? this.showThread(this.thread, mark) : [];
  }

  /** A catch-up starts: count the new messages it brings to the thread on screen. */
  beginCatchUp() {
    this.catchingUp = { added: 0, overflow: false };
  }

  /** The catch-up is over: true if it brought more than MAX_CAUGHT_UP (to load afresh). */
  endCatchUp() {
    const overflow = Boolean(this.catchingUp?.overflow);
    this.catchingUp = null;
    return overflow;
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
    const known = messages.some((message) => this.list.has(message.messageId));
    if (this.list.order.length === 0 || !known) {
      // First load, or we missed more than a page while away: start over from the latest
      // page rather than show a hole in the conversation.
      this.actions.reset();
      this.list.reset(this.me().userId, false);
      this.nextCursor = data.nextCursor || null;
      this.list.add(messages, true);
    } else {
      this.list.add(messages, false);
    }
    this.loadOlderButton.hidden = !this.nextCursor;
    this.placeDivider();
    return messages;
  }

  /**
   * Put the "New messages" divider before the first message that was unread when the
   * thread opened; once it is settled (no older page can move it), it stays there.
   */
  placeDivider() {
    if (this.dividerSettled) return;
    const { messageId, settled } = firstUnread(this.list.shown(), this.me().userId, this.mark);
    this.dividerSettled = settled || !this.nextCursor;
    this.list.setDivider(messageId);
  }

  /**
   * A message of someone else arrived while the thread is not being read (hidden, scrolled
   * up): the divider goes before it, unless one is shown already.
   * @param {string} messageId
   */
  markNew(messageId) {
    if (this.list.dividerId || !this.list.has(messageId)) return;
    this.dividerSettled = true;
    this.list.setDivider(messageId);
  }

  /**
   * Whether the thread is being read: on screen, in a visible tab, scrolled to its end (a
   * message arriving now is seen).
   */
  isReading() {
    return (
      Boolean(this.thread) &&
      document.visibilityState === "visible" &&
      this.scroller.clientHeight > 0 &&
      isAtBottom(this.scroller)
    );
  }

  /** The newest stored message in view, in a visible tab; null if none is. */
  newestSeen() {
    if (!this.thread || document.visibilityState !== "visible") return null;
    const extentOf = (/** @type {string} */ id) =>
      this.list.rows.get(id)?.getBoundingClientRect() || null;
    return newestInView(this.list.order, extentOf, this.scroller.getBoundingClientRect());
  }

  /**
   * How many of the loaded messages are unread after a read pointer.
   * @param {string | null} pointer
   */
  unreadAfter(pointer) {
    return unreadAfter(this.list.shown(), this.me().userId, pointer);
  }

  /** Fetch the page before the oldest message shown; one fetch at a time. */
  loadOlder() {
    if (!this.loadingOlder) {
      this.loadingOlder = this.fetchOlder().finally(() => {
        this.loadingOlder = null;
      });
    }
    return this.loadingOlder;
  }

  async fetchOlder() {
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
      this.list.addOlder(data.messages || []);
      this.nextCursor = data.nextCursor || null;
      this.placeDivider();
      const hadFocus = document.activeElement === this.loadOlderButton;
      this.loadOlderButton.hidden = !this.nextCursor;
      // The button goes with the last page: the focus goes to the oldest message instead.
      if (hadFocus && !this.nextCursor) this.list.rows.get(this.list.order[0])?.focus();
    } catch (error) {
      notifyError(error, "load older messages");
    } finally {
      this.loadOlderButton.disabled = false;
    }
  }

  /**
   * A message.created event or a send's reply; messages of other threads are ignored, and
   * so is a repeat of one on screen (delivery is at least once).
   * @param {Message} message
   * @param {boolean} [forceScroll] scroll to it even if the reader has scrolled up.
   */
  receive(message, forceScroll = false) {
    if (!this.shows(message.threadId)) return;
    const caught = this.catchingUp;
    if (caught && !this.list.has(message.messageId)) {
      // Newer than all on screen: skipping the rest leaves no hole, the reload fills it.
      caught.overflow ||= caught.added >= MAX_CAUGHT_UP;
      if (caught.overflow) return;
      caught.added += 1;
    }
    this.list.add([message], forceScroll, true, false);
  }

  /**
   * A message.updated event (an edit: it carries the whole message), or the reply to mine.
   * @param {Message} message
   */
  noteUpdated(message) {
    if (this.shows(message.threadId) && this.list.has(message.messageId)) {
      this.list.add([message], false);
    }
  }

  /**
   * A message.deleted event, or my own delete's reply: the message says "message deleted",
   * and so do the quotes of the replies to it.
   * @param {MessageDeleted} deleted
   */
  noteDeleted(deleted) {
    if (!this.shows(deleted.threadId)) return;
    this.actions.forget(deleted.messageId);
    for (const messageId of this.list.messages.delete(deleted)) this.list.render(messageId);
  }

  /**
   * A reaction.added (`added`) or reaction.removed event.
   * @param {ReactionChanged} change
   * @param {boolean} added
   * @param {number} [seq] the event's seq.
   */
  noteReaction(change, added, seq) {
    if (this.shows(change.threadId) && this.list.messages.react(change, added, seq)) {
      this.list.render(change.messageId);
    }
  }

  /**
   * The reply to my own addReaction or removeReaction: the message as the server has it.
   * @param {Message} message
   * @param {string} emoji
   * @param {boolean} added
   */
  noteOwnReaction(message, emoji, added) {
    if (!this.shows(message.threadId) || !this.list.has(message.messageId)) return;
    this.list.messages.put(message).reactions.noteMine(emoji, added);
    this.list.render(message.messageId);
  }

  /**
   * Scroll to a message and focus it, highlighted (a reply's quote was pressed); a few older
   * pages are loaded to find it.
   * @param {string} messageId
   */
  async reveal(messageId) {
    const thread = this.thread;
    for (let page = 0; page < MAX_PAGES_TO_ORIGINAL; page += 1) {
      if (this.list.has(messageId) || !this.nextCursor) break;
      await this.loadOlder();
      if (this.thread !== thread) return;
    }
    if (!this.list.highlight(messageId)) {
      notify("The original message is too far back to show here.", "info");
    }
  }

  /** @param {string} threadId */
  shows(threadId) {
    return Boolean(this.thread && this.thread.threadId === threadId);
  }

  /**
   * @param {string} messageId
   * @returns {MessageView | undefined}
   */
  view(messageId) {
    return this.list.messages.get(messageId);
  }

  /** @param {string} messageId */
  row(messageId) {
    return this.list.rows.get(messageId);
  }

  /** @param {string} messageId */
  render(messageId) {
    this.list.render(messageId);
  }

  /**
   * What a message's row shows besides the message.
   * @param {string} messageId
   * @returns {RowContext}
   */
  context(messageId) {
    const nameOf = (/** @type {string} */ id) => this.names.nameFor(id);
    return { me: this.me(), nameOf, role: this.role, ...this.actions.context(messageId) };
  }

  /**
   * Show this thread's unacknowledged sends at the bottom, in the order they were typed.
   * @param {PendingMessage[]} entries
   */
  syncPending(entries) {
    const mine = entries.filter((entry) => entry.threadId === this.threadId);
    this.list.syncPending(mine, this.me(), (id) => this.names.nameFor(id));
  }
}
