// @ts-check
// Notices that stay until dismissed, for what the user must not miss (e.g. "You were removed
// from Team"); toasts.js fades the passing ones.

import { byId, h } from "./dom.js";

const MAX_NOTICES = 3;

/**
 * Show a notice at the top of the groups column.
 * @param {string} message shown as text, never as HTML.
 */
export function showNotice(message) {
  const container = byId("notices");
  const notice = h(
    "div",
    { class: "notice", "data-testid": "notice" },
    h("span", { class: "notice-text", "data-testid": "notice-text", text: message }),
  );
  const close = h("button", {
    type: "button",
    class: "toast-close",
    "aria-label": "Dismiss notice",
    text: "×",
    onclick: () => notice.remove(),
  });
  notice.append(close);
  container.append(notice);
  while (container.children.length > MAX_NOTICES) container.firstElementChild?.remove();
}

/** Remove every notice (signing out). */
export function clearNotices() {
  byId("notices").replaceChildren();
}
