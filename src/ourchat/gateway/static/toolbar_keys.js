// @ts-check
// Reaching the message toolbars without a mouse. Each toolbar is one tab stop: the button
// last focused in it; arrow keys, Home and End move within it (and within the emoji picker).
// On a touch screen, a long press on a message puts the focus on its toolbar, which the
// focus shows (CSS :focus-within).

const LONG_PRESS_MS = 500;
const LONG_PRESS_SLOP_PX = 10;

/** The groups of buttons the arrow keys move in. */
const GROUPS = '[role="toolbar"], .emoji-picker';

/**
 * Listen on the message list for the keys, focus and touches that reach its toolbars.
 * @param {HTMLElement} list
 */
export function reachToolbars(list) {
  list.addEventListener("focusin", (event) => rove(event.target));
  list.addEventListener("keydown", moveWithArrows);
  /** @type {{timer: ReturnType<typeof setTimeout>, x: number, y: number} | null} */
  let press = null;
  const cancel = () => {
    if (press) clearTimeout(press.timer);
    press = null;
  };
  list.addEventListener("pointerdown", (event) => {
    cancel();
    if (event.pointerType !== "touch") return;
    const row = /** @type {Element} */ (event.target).closest("li[data-message-id]");
    if (!row) return;
    const timer = setTimeout(() => {
      press = null;
      const first = row.querySelector('[role="toolbar"] button[tabindex="0"]');
      if (first instanceof HTMLElement) first.focus();
    }, LONG_PRESS_MS);
    press = { timer, x: event.clientX, y: event.clientY };
  });
  for (const type of ["pointerup", "pointercancel", "pointerleave"]) {
    list.addEventListener(type, cancel);
  }
  list.addEventListener("pointermove", (event) => {
    const moved = press && Math.hypot(event.clientX - press.x, event.clientY - press.y);
    if (moved && moved > LONG_PRESS_SLOP_PX) cancel();
  });
}

/**
 * Roving focus: the button that has the focus becomes its toolbar's one tab stop.
 * @param {EventTarget | null} target
 */
function rove(target) {
  if (!(target instanceof HTMLElement) || target.tagName !== "BUTTON") return;
  const toolbar = target.closest('[role="toolbar"]');
  if (!toolbar) return;
  for (const button of toolbar.querySelectorAll("button")) {
    button.setAttribute("tabindex", button === target ? "0" : "-1");
  }
}

/** @param {KeyboardEvent} event */
function moveWithArrows(event) {
  const target = /** @type {HTMLElement} */ (event.target);
  const group = target.tagName === "BUTTON" ? target.closest(GROUPS) : null;
  if (!group) return;
  const buttons = /** @type {HTMLElement[]} */ ([...group.querySelectorAll("button")]);
  const at = buttons.indexOf(target);
  /** @type {Record<string, number>} */
  const moves = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1 };
  const to = event.key === "Home" ? 0 : event.key === "End" ? buttons.length - 1 : moves[event.key];
  if (to === undefined) return;
  event.preventDefault();
  buttons[(to + buttons.length) % buttons.length].focus();
}
