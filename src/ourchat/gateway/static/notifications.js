// @ts-check
// Browser notifications of new messages, with the user's permission: asked when they press
// "Notify me", never on load. A message notifies when the page is hidden (nobody sees it
// arrive, whichever thread it is in) and it is someone else's. The decisions are pure
// functions, so `node --test` checks them (tests/js); Notifier touches the browser.

import { excerptOf } from "./format.js";

/**
 * @typedef {"default" | "denied" | "granted" | "unsupported"} PermissionState
 */

/**
 * Whether a message should make a notification.
 * @param {{mine: boolean, hidden: boolean, permission: PermissionState}} facts
 */
export function shouldNotify({ mine, hidden, permission }) {
  return permission === "granted" && hidden && !mine;
}

/**
 * A notification's title and body: who wrote where, and the start of what they wrote.
 * @param {string} sender
 * @param {string} place the thread's name, or the group's and the thread's.
 * @param {string} content
 */
export function notificationText(sender, place, content) {
  const title = place ? `${sender} in ${place}` : sender;
  const body = excerptOf(content) + (excerptOf(content).length < content.length ? "…" : "");
  return { title, body };
}

/** The browser's permission for notifications, or "unsupported". */
export function permissionState() {
  const api = globalThis.Notification;
  return api ? /** @type {PermissionState} */ (api.permission) : "unsupported";
}

export class Notifier {
  /**
   * @param {HTMLButtonElement} button "Notify me": shown while the browser may still ask.
   */
  constructor(button) {
    this.button = button;
    button.addEventListener("click", () => this.ask());
    this.render();
  }

  /** Ask for the permission (on the user's click only). */
  async ask() {
    const api = globalThis.Notification;
    if (!api || api.permission !== "default") return this.render();
    try {
      await api.requestPermission();
    } catch {
      // An old browser's callback-only form, or the user closed the prompt: nothing changes.
    }
    this.render();
  }

  render() {
    this.button.hidden = permissionState() !== "default";
  }

  /**
   * Show a notification if the rules allow it; its click brings the tab and the thread up.
   * @param {{mine: boolean, sender: string, place: string, content: string, tag: string}} what
   * @param {() => void} onOpen
   */
  show(what, onOpen) {
    const hidden = document.visibilityState === "hidden";
    if (!shouldNotify({ mine: what.mine, hidden, permission: permissionState() })) return;
    const { title, body } = notificationText(what.sender, what.place, what.content);
    try {
      const notification = new Notification(title, { body, tag: what.tag });
      notification.addEventListener("click", () => {
        window.focus();
        onOpen();
        notification.close();
      });
    } catch {
      // Some browsers (Android Chrome) only notify from a service worker: the title counts.
    }
  }
}
