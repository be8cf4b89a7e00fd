// @ts-check
// Editing a message in place: a textarea where its content was. Enter saves, Shift+Enter
// starts a new line, Escape (or Cancel) gives up; the 4,000-character limit is the composer's.

import { MAX_CONTENT_CHARS } from "./composer.js";
import { h } from "./dom.js";
import { codePoints } from "./format.js";
import { notify } from "./toasts.js";

/**
 * What the editor does when asked to save or cancel.
 * @typedef {{
 *   save: (content: string) => Promise<boolean>,
 *   cancel: () => void,
 * }} EditHooks `save` sends the new content; true when done (the editor then goes).
 */

export class MessageEditor {
  /**
   * @param {string} messageId
   * @param {string} content the message's content now.
   * @param {EditHooks} hooks
   */
  constructor(messageId, content, hooks) {
    this.messageId = messageId;
    this.original = content;
    this.hooks = hooks;
    this.input = /** @type {HTMLTextAreaElement} */ (
      h("textarea", {
        id: `edit-${messageId}`,
        class: "edit-input",
        dir: "auto",
        rows: Math.min(8, Math.max(2, content.split("\n").length)),
        "data-testid": "edit-input",
        "data-focus-key": "edit-input",
        "aria-describedby": `edit-hint-${messageId}`,
      })
    );
    this.input.value = content;
    this.saveButton = /** @type {HTMLButtonElement} */ (
      h("button", { type: "submit", class: "small", "data-testid": "edit-save", text: "Save" })
    );
    const cancel = h("button", {
      type: "button",
      class: "small secondary",
      "data-testid": "edit-cancel",
      text: "Cancel",
      onclick: () => this.hooks.cancel(),
    });
    this.form = /** @type {HTMLFormElement} */ (
      h(
        "form",
        { class: "edit-form", "data-part": "body", "data-testid": "edit-form" },
        h("label", { class: "visually-hidden", for: this.input.id, text: "Edit message" }),
        this.input,
        h(
          "div",
          { class: "edit-side" },
          h("span", {
            id: `edit-hint-${messageId}`,
            class: "muted",
            text: "Enter to save, Shift+Enter for a new line, Esc to cancel",
          }),
          this.saveButton,
          cancel,
        ),
      )
    );
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        this.hooks.cancel();
      }
    });
  }

  /** Put the caret at the end of the text, with the focus. */
  focus() {
    this.input.focus();
    const end = this.input.value.length;
    this.input.setSelectionRange(end, end);
  }

  async submit() {
    if (this.saveButton.disabled) return;
    const content = this.input.value;
    if (content === this.original) {
      this.hooks.cancel();
      return;
    }
    if (!content.trim()) {
      notify("A message cannot be empty: delete it instead.");
      return;
    }
    const length = codePoints(content);
    if (length > MAX_CONTENT_CHARS) {
      notify(`The message is ${length} characters; the limit is ${MAX_CONTENT_CHARS}.`);
      return;
    }
    this.saveButton.disabled = true;
    this.input.readOnly = true;
    try {
      await this.hooks.save(content);
    } finally {
      this.saveButton.disabled = false;
      this.input.readOnly = false;
    }
  }
}
