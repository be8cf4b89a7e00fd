// @ts-check
// What people do to a message on screen: react (the picker or a chip), reply, edit in place,
// delete after a question. One listener of each kind on the message list acts on the buttons'
// `data-action` (message_parts.js); the rows show what is open here (context()). The actions
// show on hover, and on focus within the message: the keyboard and a long press on a touch
// screen reach them (toolbar_keys.js).

import { MessageEditor } from "./message_edit.js";
import { ACTIONS } from "./protocol.js";
import { notify, notifyError } from "./toasts.js";
import { reachToolbars } from "./toolbar_keys.js";

/** @import { ChatApi, Me, Message, MessageDeleted } from "./api.js" */
/** @import { RecentEmoji } from "./emoji.js" */
/** @import { MessageView } from "./thread_messages.js" */

/**
 * What the actions need of the messages column (MessagesPane).
 * @typedef {{
 *   me: () => Me,
 *   view: (messageId: string) => MessageView | undefined,
 *   row: (messageId: string) => HTMLElement | undefined,
 *   render: (messageId: string) => void,
 *   noteUpdated: (message: Message) => void,
 *   noteOwnReaction: (message: Message, emoji: string, added: boolean) => void,
 *   noteDeleted: (deleted: MessageDeleted) => void,
 *   reveal: (messageId: string) => void,
 * }} ActionsHost
 */

export class MessageActions {
  /**
   * @param {HTMLElement} list the message list.
   * @param {ChatApi} api
   * @param {ActionsHost} host
   * @param {() => RecentEmoji} recent my last used emoji.
   * @param {(message: Message) => void} onReply Reply was pressed on this message.
   */
  constructor(list, api, host, recent, onReply) {
    this.list = list;
    this.api = api;
    this.host = host;
    this.recent = recent;
    this.onReply = onReply;
    /** @type {{messageId: string, kind: "picker" | "confirm"} | null} */
    this.panel = null;
    /** @type {string[]} the open picker's emoji. */
    this.emoji = [];
    /** @type {MessageEditor | null} */
    this.editor = null;
    list.addEventListener("click", (event) => this.onClick(event));
    list.addEventListener("keydown", (event) => this.onKey(event));
    reachToolbars(list);
    document.addEventListener("pointerdown", (event) => {
      const open = this.panel && this.host.row(this.panel.messageId);
      if (open && !open.contains(/** @type {Node} */ (event.target))) this.closePanel(false);
    });
  }

  /**
   * What a message's row shows open: the editor, the picker or the delete question.
   * @param {string} messageId
   */
  context(messageId) {
    const panel = this.panel && this.panel.messageId === messageId ? this.panel.kind : null;
    const editor = this.editor && this.editor.messageId === messageId ? this.editor.form : null;
    return { editor, panel, emoji: this.emoji };
  }

  /** Another thread (or none) is shown: nothing stays open. */
  reset() {
    this.panel = null;
    this.editor = null;
  }

  /**
   * A message was deleted (by anyone): its editor and panel go.
   * @param {string} messageId
   */
  forget(messageId) {
    if (this.panel?.messageId === messageId) this.panel = null;
    if (this.editor?.messageId === messageId) {
      this.editor = null;
      notify("The message you were editing was deleted.", "info");
    }
  }

  /** @param {MouseEvent} event */
  onClick(event) {
    const button = /** @type {HTMLElement | null} */ (
      /** @type {Element} */ (event.target).closest("[data-action]")
    );
    if (!button || !this.list.contains(button) || button.closest("[disabled]")) return;
    const action = button.dataset.action;
    if (action === "show-original") {
      this.host.reveal(button.dataset.targetId || "");
      return;
    }
    const row = /** @type {HTMLElement | null} */ (button.closest("[data-message-id]"));
    const view = row && this.host.view(row.dataset.messageId || "");
    if (!view) return;
    const { messageId } = view.message;
    const emoji = button.dataset.emoji || "";
    if (action === "react") this.togglePanel(messageId, "picker");
    else if (action === "delete") this.togglePanel(messageId, "confirm");
    else if (action === "close-panel") this.closePanel(true);
    else if (action === "pick-emoji") {
      this.closePanel(true);
      this.react(view, emoji, view.reactions.reacted(this.host.me().userId, emoji) !== true);
    } else if (action === "toggle-reaction") {
      this.react(view, emoji, button.getAttribute("aria-pressed") !== "true");
    } else if (action === "reply") this.onReply(view.message);
    else if (action === "edit") this.startEdit(view);
    else if (action === "confirm-delete") this.remove(view);
  }

  /** @param {KeyboardEvent} event */
  onKey(event) {
    if (event.key !== "Escape" || !this.panel) return;
    const row = this.host.row(this.panel.messageId);
    if (row && row.contains(/** @type {Node} */ (event.target))) {
      event.preventDefault();
      this.closePanel(true);
    }
  }

  /**
   * Open the picker or the delete question under a message, or close it if open.
   * @param {string} messageId
   * @param {"picker" | "confirm"} kind
   */
  togglePanel(messageId, kind) {
    const open = this.panel;
    if (open && open.messageId === messageId && open.kind === kind) {
      this.closePanel(true);
      return;
    }
    if (kind === "picker") this.emoji = this.recent().offer();
    this.panel = { messageId, kind };
    if (open && open.messageId !== messageId) this.host.render(open.messageId);
    this.host.render(messageId);
    this.focus(messageId, kind === "picker" ? `pick:${this.emoji[0]}` : "confirm-delete");
  }

  /** @param {boolean} refocus give the focus back to the button that opened it. */
  closePanel(refocus) {
    const open = this.panel;
    if (!open) return;
    const row = this.host.row(open.messageId);
    const panel = row?.querySelector('[data-part="panel"]');
    const hadFocus = Boolean(panel && panel.contains(document.activeElement));
    this.panel = null;
    this.host.render(open.messageId);
    const opener = open.kind === "picker" ? "react" : "delete";
    if (refocus || hadFocus) this.focus(open.messageId, opener);
  }

  /**
   * Focus the element with this data-focus-key in a message's row.
   * @param {string} messageId
   * @param {string} key
   */
  focus(messageId, key) {
    const row = this.host.row(messageId);
    const target = row && row.querySelector(`[data-focus-key="${CSS.escape(key)}"]`);
    if (target instanceof HTMLElement) target.focus();
  }

  /**
   * Add or take back my reaction: shown at once, then as the server's reply has it; undone
   * if the server refuses.
   * @param {MessageView} view
   * @param {string} emoji
   * @param {boolean} adding
   */
  async react(view, emoji, adding) {
    const { messageId, threadId } = view.message;
    if (adding && view.reactions.isFullFor(emoji)) {
      notify("A message takes at most 20 different emoji: add to one of its reactions.");
      return;
    }
    const change = { userId: this.host.me().userId, emoji };
    const shown = view.reactions.apply(change, adding);
    if (shown) this.host.render(messageId);
    if (adding) this.recent().use(emoji);
    try {
      const action = adding ? ACTIONS.addReaction : ACTIONS.removeReaction;
      /** @type {Message} */
      const message = await this.api.request(action, { threadId, messageId, emoji });
      if (this.host.view(messageId) === view) this.host.noteOwnReaction(message, emoji, adding);
    } catch (error) {
      if (shown && this.host.view(messageId) === view) {
        view.reactions.apply(change, !adding);
        this.host.render(messageId);
      }
      notifyError(error, adding ? "add the reaction" : "take the reaction back");
    }
  }

  /** @param {MessageView} view */
  startEdit(view) {
    const { messageId } = view.message;
    this.closePanel(false);
    if (this.editor) this.stopEdit(false);
    this.editor = new MessageEditor(messageId, view.message.content, {
      save: (content) => this.saveEdit(messageId, content),
      cancel: () => this.stopEdit(true),
    });
    this.host.render(messageId);
    this.editor.focus();
  }

  /**
   * @param {string} messageId
   * @param {string} content
   */
  async saveEdit(messageId, content) {
    const view = this.host.view(messageId);
    if (!view) return false;
    try {
      /** @type {Message} */
      const message = await this.api.request(ACTIONS.editMessage, {
        threadId: view.message.threadId,
        messageId,
        content,
      });
      if (this.host.view(messageId) !== view) return true;
      this.host.noteUpdated(message);
      if (this.editor?.messageId === messageId) this.stopEdit(true);
      return true;
    } catch (error) {
      notifyError(error, "edit the message");
      return false;
    }
  }

  /** @param {boolean} refocus give the focus back to the message's Edit button. */
  stopEdit(refocus) {
    const editor = this.editor;
    if (!editor) return;
    const hadFocus = editor.form.contains(document.activeElement);
    this.editor = null;
    this.host.render(editor.messageId);
    if (refocus || hadFocus) this.focus(editor.messageId, "edit");
  }

  /** @param {MessageView} view */
  async remove(view) {
    const { messageId, threadId, groupId } = view.message;
    this.closePanel(false);
    if (this.editor?.messageId === messageId) this.stopEdit(false);
    this.host.row(messageId)?.focus();
    try {
      /** @type {Message} */
      const tombstone = await this.api.request(ACTIONS.deleteMessage, { threadId, messageId });
      const deletedAt = tombstone.deletedAt || new Date().toISOString();
      if (this.host.view(messageId) === view) {
        this.host.noteDeleted({ groupId, threadId, messageId, deletedAt });
      }
    } catch (error) {
      notifyError(error, "delete the message");
    }
  }
}
