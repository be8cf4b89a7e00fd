// @ts-check
// The rows of the message list. Content goes in as text, shown as sent (CSS pre-wrap). A
// stored message's row is built from its parts (message_parts.js) and rebuilt in place when
// it changes: only the parts that differ are replaced, so focus and an open editor stay.

import { h, patchChildren, reuse } from "./dom.js";
import {
  actionsPart,
  bodyPart,
  confirmDeletePart,
  metaPart,
  pickerPart,
  quotePart,
  reactionsPart,
} from "./message_parts.js";
import { messageActions } from "./roles.js";

/** @import { Me, ReplyTo, Role } from "./api.js" */
/** @import { PendingMessage } from "./outbox.js" */
/** @import { MessageView } from "./thread_messages.js" */

/**
 * What a stored row shows besides its message: who I am, names, my role, and what
 * message_actions.js has open on it.
 * @typedef {{
 *   me: Me,
 *   nameOf: (userId: string) => string | undefined,
 *   role: Role | null,
 *   editor: HTMLElement | null,
 *   panel: "picker" | "confirm" | null,
 *   emoji: string[],
 * }} RowContext `editor` is the edit form while the message is edited; `emoji` the picker's.
 */

/**
 * The row of a stored message (see renderRow).
 * @param {MessageView} view
 * @param {RowContext} context
 */
export function messageRow(view, context) {
  const row = h("li", {
    "data-testid": "message",
    "data-message-id": view.message.messageId,
    "data-state": "sent",
    tabindex: "-1",
  });
  renderRow(row, view, context);
  return row;
}

/**
 * Bring a stored message's row up to date with its view: the parts that changed are
 * replaced, the others kept.
 * @param {HTMLElement} row
 * @param {MessageView} view
 * @param {RowContext} context
 */
export function renderRow(row, view, context) {
  const { message } = view;
  const { me, role } = context;
  const mine = message.senderUserId === me.userId;
  row.classList.add("message");
  row.classList.toggle("mine", mine);
  if (message.deletedAt) row.dataset.deleted = "true";
  else delete row.dataset.deleted;
  const name = (/** @type {string} */ id) => senderLabel(id, me, context.nameOf);
  const actions = messageActions(role, me.userId, message);
  const panel = actions.length ? context.panel : null;
  const parts = [
    message.replyTo && quotePart(message.replyTo, name(message.replyTo.senderUserId)),
    metaPart(message, me, name(message.senderUserId)),
    bodyPart(message),
    reactionsPart(view.reactions.list(), name, me.userId),
    actionsPart(actions, panel),
    panel === "picker" ? pickerPart(context.emoji) : panel === "confirm" && confirmDeletePart(),
  ];
  /** @type {Map<string, Element>} */
  const old = new Map();
  for (const child of row.children) {
    old.set(/** @type {HTMLElement} */ (child).dataset.part || "", child);
  }
  /** @type {Element[]} */
  const next = [];
  for (const part of parts) {
    if (!part) continue;
    const key = part.dataset.part || "";
    if (key === "body" && context.editor && !message.deletedAt) next.push(context.editor);
    else next.push(reuse(old.get(key), part));
  }
  patchChildren(row, next);
}

/**
 * What a message's sender shows: my own name for mine, else their name, else their id.
 * @param {string} senderUserId
 * @param {Me} me
 * @param {(userId: string) => string | undefined} nameOf
 */
export function senderLabel(senderUserId, me, nameOf) {
  if (senderUserId === me.userId && me.userName) return me.userName;
  return nameOf(senderUserId) || senderUserId;
}

/**
 * The row of a message still being sent, or that failed, with Retry and Discard; a reply
 * shows what it quotes.
 * @param {PendingMessage} entry
 * @param {Me} me
 * @param {(userId: string) => string | undefined} nameOf
 */
export function pendingRow(entry, me, nameOf) {
  const status =
    entry.state === "failed"
      ? h(
          "div",
          { class: "status failed", "data-testid": "message-status" },
          h("span", { text: `Not sent: ${entry.error}` }),
          linkButton("Retry", () => entry.retry()),
          linkButton("Discard", () => entry.discard()),
        )
      : h("div", { class: "status", "data-testid": "message-status", text: "sending…" });
  /** @type {ReplyTo | undefined} */
  const replyTo = entry.replyTo;
  const quote = replyTo && quotePart(replyTo, senderLabel(replyTo.senderUserId, me, nameOf));
  return h(
    "li",
    {
      class: "message mine pending",
      "data-testid": "message",
      "data-client-message-id": entry.clientMessageId,
      "data-state": entry.state,
    },
    quote,
    h(
      "div",
      { class: "meta" },
      h("span", {
        class: "sender",
        dir: "auto",
        "data-testid": "message-sender",
        text: me.userName || me.userId,
      }),
    ),
    h("div", {
      class: "content",
      dir: "auto",
      "data-testid": "message-content",
      text: entry.content,
    }),
    status,
  );
}

/**
 * @param {string} label
 * @param {() => void} onclick
 */
function linkButton(label, onclick) {
  return h("button", { type: "button", class: "link", text: label, onclick });
}
