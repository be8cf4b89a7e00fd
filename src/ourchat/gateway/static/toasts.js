// @ts-check
// Non-blocking notices: errors and information stack in a corner and fade on their own.

import { byId, h } from "./dom.js";
import { failureText } from "./format.js";

const LIFETIME_MS = { error: 12_000, info: 6_000 };
const MAX_VISIBLE = 5;

/**
 * Show a notice.
 * @param {string} message shown as text, never as HTML.
 * @param {"error"|"info"} [kind]
 */
export function notify(message, kind = "error") {
  const container = byId("toasts");
  const close = h("button", {
    type: "button",
    class: "toast-close",
    "aria-label": "Dismiss",
    text: "×",
  });
  const role = kind === "error" ? "alert" : "status";
  const toast = h(
    "div",
    { class: `toast toast-${kind}`, role, "data-testid": "toast" },
    h("span", { class: "toast-text", text: message }),
    close,
  );
  const remove = () => toast.remove();
  close.addEventListener("click", remove);
  container.append(toast);
  while (container.children.length > MAX_VISIBLE) container.firstElementChild?.remove();
  setTimeout(remove, LIFETIME_MS[kind] ?? LIFETIME_MS.error);
}

/**
 * Show the message of a failed request, or of any other error.
 * @param {unknown} error
 * @param {string} [doing] what failed, e.g. "load the threads".
 */
export function notifyError(error, doing) {
  notify(failureText(error, doing), "error");
}
