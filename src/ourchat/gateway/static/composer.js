// @ts-check
// The message box: Enter sends, Shift+Enter starts a new line, and the 4,000-character
// limit the server enforces is shown before it is hit. What is typed is the open thread's
// draft (drafts.js): another thread shows its own, and a reload keeps them. Typing is passed
// on (onType) for the others' "is typing…" line; typing.js decides how often it is told.

import { byId } from "./dom.js";
import { codePoints } from "./format.js";
import { notify } from "./toasts.js";

export const MAX_CONTENT_CHARS = 4_000;
const WARN_AT = MAX_CONTENT_CHARS - 500;

/** @import { Drafts } from "./drafts.js" */

export class Composer {
  /**
   * @param {(content: string) => void} onSend
   * @param {(threadId: string, text: string) => void} [onType] the user changed the box.
   */
  constructor(onSend, onType = () => {}) {
    this.onSend = onSend;
    /** @type {string | null} the thread whose box this is. */
    this.threadId = null;
    /** @type {Drafts | null} the signed-in user's drafts. */
    this.drafts = null;
    this.form = /** @type {HTMLFormElement} */ (byId("composer"));
    this.input = /** @type {HTMLTextAreaElement} */ (byId("composer-input"));
    this.counter = byId("composer-counter");
    this.sendButton = /** @type {HTMLButtonElement} */ (byId("send-button"));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener("keydown", (event) => {
      // Enter while an input method is composing picks a candidate; it must not send.
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener("input", () => {
      if (this.threadId && this.drafts) this.drafts.set(this.threadId, this.input.value);
      this.update();
      if (this.threadId) onType(this.threadId, this.input.value);
    });
    this.enable(false);
  }

  /**
   * Write for another thread (or none): its draft comes back into the box.
   * @param {string | null} threadId
   * @param {Drafts | null} drafts the signed-in user's.
   */
  showThread(threadId, drafts) {
    this.threadId = threadId;
    this.drafts = drafts;
    this.input.value = threadId && drafts ? drafts.get(threadId) : "";
    this.enable(Boolean(threadId));
  }

  /** Put the focus in the box, the caret after the draft. */
  focus() {
    if (this.input.disabled) return;
    this.input.focus();
    const end = this.input.value.length;
    this.input.setSelectionRange(end, end);
  }

  /** @param {boolean} enabled */
  enable(enabled) {
    this.input.disabled = !enabled;
    this.input.placeholder = enabled
      ? "Write a message (Enter to send, Shift+Enter for a new line)"
      : "Select a thread to write";
    this.update();
  }

  update() {
    const length = codePoints(this.input.value);
    this.counter.textContent = length >= WARN_AT ? `${length} / ${MAX_CONTENT_CHARS}` : "";
    this.counter.classList.toggle("over", length > MAX_CONTENT_CHARS);
    const empty = !this.input.value.trim();
    this.sendButton.disabled = this.input.disabled || empty || length > MAX_CONTENT_CHARS;
  }

  submit() {
    const content = this.input.value;
    if (this.input.disabled || !content.trim()) return;
    const length = codePoints(content);
    if (length > MAX_CONTENT_CHARS) {
      notify(`The message is ${length} characters; the limit is ${MAX_CONTENT_CHARS}.`);
      return;
    }
    this.onSend(content);
    if (this.threadId && this.drafts) this.drafts.clear(this.threadId);
    this.input.value = "";
    this.update();
    this.input.focus();
  }
}
