// @ts-check
// The parts of a stored message's row (message_rows.js puts them together): the quote of the
// message it replies to, the sender and times, the content (or "message deleted"), the
// reaction chips, the actions toolbar and the panel under it (the emoji picker, or the
// question before a delete). The buttons carry a `data-action` that message_actions.js acts
// on; no part has listeners of its own, so two builds of a part compare with isEqualNode.

import { h, timeElement } from "./dom.js";
import { fullTime } from "./format.js";
import { reactorsText } from "./reactions.js";

/** @import { Me, Message, ReplyTo } from "./api.js" */
/** @import { MessageAction } from "./roles.js" */
/** @import { ReactionView } from "./reactions.js" */

/** The label, tooltip and icon of each action's button. */
const ACTION_BUTTONS = {
  react: { label: "React to message", title: "React", icon: "☺" },
  reply: { label: "Reply", title: "Reply", icon: "↩" },
  edit: { label: "Edit", title: "Edit", icon: "✎" },
  delete: { label: "Delete", title: "Delete", icon: "🗑" },
};

/**
 * The quote above a reply: whom it answers and what they said (or "deleted message"); a
 * button that shows the original.
 * @param {ReplyTo} replyTo
 * @param {string} senderName
 */
export function quotePart(replyTo, senderName) {
  const text = replyTo.deleted ? "deleted message" : replyTo.excerpt || "";
  return h(
    "button",
    {
      type: "button",
      class: replyTo.deleted ? "reply-quote deleted" : "reply-quote",
      "data-part": "quote",
      "data-action": "show-original",
      "data-target-id": replyTo.messageId,
      "data-deleted": replyTo.deleted ? "true" : null,
      "data-testid": "reply-quote",
      "data-focus-key": "quote",
      "aria-label": `In reply to ${senderName}: ${text}. Show the original message`,
      title: "Show the original message",
    },
    h("span", { class: "reply-icon", "aria-hidden": "true", text: "↩" }),
    h("span", {
      class: "reply-sender",
      dir: "auto",
      "data-testid": "reply-quote-sender",
      "data-quoted-id": replyTo.senderUserId,
      text: senderName,
    }),
    h("span", { class: "reply-excerpt", dir: "auto", "data-testid": "reply-quote-excerpt", text }),
  );
}

/**
 * The sender, my own id beside my name, the time and "edited" (the edit's time as tooltip).
 * @param {Message} message
 * @param {Me} me
 * @param {string} senderName
 */
export function metaPart(message, me, senderName) {
  const mine = message.senderUserId === me.userId;
  const edited = message.editedAt && !message.deletedAt;
  return h(
    "div",
    { class: "meta", "data-part": "meta" },
    h("span", {
      class: "sender",
      dir: "auto",
      "data-testid": "message-sender",
      "data-sender-id": message.senderUserId,
      title: message.senderUserId,
      text: senderName,
    }),
    mine && me.userName !== me.userId && h("span", { class: "sender-id", text: `@${me.userId}` }),
    timeElement(message.createdAt),
    edited &&
      h("span", {
        class: "edited",
        "data-testid": "message-edited",
        title: `Edited ${fullTime(message.editedAt || "")}`,
        text: "edited",
      }),
  );
}

/**
 * The content as text, or "message deleted" in place of a deleted one.
 * @param {Message} message
 */
export function bodyPart(message) {
  if (message.deletedAt) {
    return h("div", {
      class: "content tombstone",
      "data-part": "body",
      "data-testid": "message-content",
      title: `Deleted ${fullTime(message.deletedAt)}`,
      text: "message deleted",
    });
  }
  const props = {
    class: "content",
    dir: "auto",
    "data-part": "body",
    "data-testid": "message-content",
  };
  return h("div", { ...props, text: message.content });
}

/**
 * The reaction chips: emoji and count, pressed when I reacted; the tooltip names who did.
 * @param {ReactionView[]} reactions
 * @param {(userId: string) => string} label a user's name for the tooltip.
 * @param {string} me my user id ("You" in the tooltip).
 */
export function reactionsPart(reactions, label, me) {
  if (reactions.length === 0) return null;
  const chips = reactions.map((reaction) => {
    const who = reactorsText(reaction, label, me);
    return h(
      "button",
      {
        type: "button",
        class: "chip",
        "data-action": "toggle-reaction",
        "data-emoji": reaction.emoji,
        "data-testid": "reaction-chip",
        "data-focus-key": `chip:${reaction.emoji}`,
        "aria-pressed": String(reaction.mine),
        "aria-label": `${reaction.emoji} ${reaction.count}: ${who}`,
        title: who,
      },
      h("span", { class: "chip-emoji", "aria-hidden": "true", text: reaction.emoji }),
      h("span", { class: "chip-count", "data-testid": "reaction-count", text: reaction.count }),
    );
  });
  const props = { class: "reactions", "data-part": "reactions", role: "group" };
  return h("div", { ...props, "aria-label": "Reactions", "aria-live": "off" }, ...chips);
}

/**
 * The toolbar of what I may do to the message: one tab stop, arrow keys move within it.
 * @param {MessageAction[]} actions
 * @param {"picker" | "confirm" | null} panel the panel open under the message, if any.
 */
export function actionsPart(actions, panel) {
  if (actions.length === 0) return null;
  const buttons = actions.map((action, index) => {
    const { label, title, icon } = ACTION_BUTTONS[action];
    const opens = action === "react" ? "picker" : action === "delete" ? "confirm" : null;
    return h(
      "button",
      {
        type: "button",
        class: "icon-button",
        "data-action": action,
        "data-testid": `message-${action}`,
        "data-focus-key": action,
        tabindex: index === 0 ? "0" : "-1",
        "aria-label": label,
        "aria-expanded": opens ? String(panel === opens) : null,
        title,
      },
      h("span", { "aria-hidden": "true", text: icon }),
    );
  });
  const props = { class: "message-actions", "data-part": "actions", role: "toolbar" };
  return h("div", { ...props, "aria-label": "Message actions", "aria-live": "off" }, ...buttons);
}

/**
 * The emoji picker: the last used ones first, then the common ones.
 * @param {string[]} emoji
 */
export function pickerPart(emoji) {
  const options = emoji.map((one) =>
    h("button", {
      type: "button",
      class: "emoji-option",
      "data-action": "pick-emoji",
      "data-emoji": one,
      "data-testid": "emoji-option",
      "data-focus-key": `pick:${one}`,
      "aria-label": `React with ${one}`,
      text: one,
    }),
  );
  const close = h("button", {
    type: "button",
    class: "icon-button",
    "data-action": "close-panel",
    "aria-label": "Close the emoji picker",
    text: "×",
  });
  const props = { class: "emoji-picker", "data-part": "panel", "data-testid": "emoji-picker" };
  return h("div", { ...props, role: "group", "aria-label": "Pick a reaction" }, ...options, close);
}

/** The question before a delete. */
export function confirmDeletePart() {
  return h(
    "div",
    { class: "confirm message-confirm", "data-part": "panel", "data-testid": "delete-confirm" },
    h("p", {
      class: "confirm-question",
      text: "Delete this message? Everyone will see “message deleted” in its place.",
    }),
    h(
      "div",
      { class: "inline" },
      h("button", {
        type: "button",
        class: "small danger",
        "data-action": "confirm-delete",
        "data-testid": "delete-confirm-yes",
        "data-focus-key": "confirm-delete",
        "aria-label": "Delete the message, confirm",
        text: "Delete",
      }),
      h("button", {
        type: "button",
        class: "small secondary",
        "data-action": "close-panel",
        "data-testid": "delete-confirm-no",
        text: "Cancel",
      }),
    ),
  );
}
