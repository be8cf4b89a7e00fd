// @ts-check
// The rows of the message list. Content goes in as text, shown as sent (CSS pre-wrap).

import { h, timeElement } from "./dom.js";

/**
 * The row of a stored message; `me` is the signed-in user. Other people show by name once
 * it is known (`nameOf`), by user id until then (see senderLabel).
 * @param {import("./api.js").Message} message
 * @param {import("./api.js").Me} me
 * @param {(userId: string) => string | undefined} nameOf
 */
export function messageRow(message, me, nameOf) {
  const mine = message.senderUserId === me.userId;
  return h(
    "li",
    {
      class: mine ? "message mine" : "message",
      "data-testid": "message",
      "data-message-id": message.messageId,
      "data-state": "sent",
    },
    h(
      "div",
      { class: "meta" },
      h("span", {
        class: "sender",
        "data-testid": "message-sender",
        "data-sender-id": message.senderUserId,
        title: message.senderUserId,
        text: senderLabel(message.senderUserId, me, nameOf),
      }),
      mine && me.userName !== me.userId &&
        h("span", { class: "sender-id", text: `@${me.userId}` }),
      timeElement(message.createdAt),
    ),
    h("div", { class: "content", "data-testid": "message-content", text: message.content }),
  );
}

/**
 * What a message's sender shows: my own name for mine, else their name, else their id.
 * @param {string} senderUserId
 * @param {import("./api.js").Me} me
 * @param {(userId: string) => string | undefined} nameOf
 */
export function senderLabel(senderUserId, me, nameOf) {
  if (senderUserId === me.userId && me.userName) return me.userName;
  return nameOf(senderUserId) || senderUserId;
}

/**
 * The row of a message still being sent, or that failed, with Retry and Discard.
 * @param {import("./outbox.js").PendingMessage} entry
 * @param {import("./api.js").Me} me
 */
export function pendingRow(entry, me) {
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
  return h(
    "li",
    {
      class: "message mine pending",
      "data-testid": "message",
      "data-client-message-id": entry.clientMessageId,
      "data-state": entry.state,
    },
    h(
      "div",
      { class: "meta" },
      h("span", {
        class: "sender",
        "data-testid": "message-sender",
        text: me.userName || me.userId,
      }),
    ),
    h("div", { class: "content", "data-testid": "message-content", text: entry.content }),
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
