// @ts-check
// A small form that opens in place from a button (renaming a group or a thread): Escape or
// Cancel closes it and gives the focus back to the button.

/**
 * @typedef {{
 *   fill: (form: HTMLFormElement) => void,
 *   save: (form: HTMLFormElement) => Promise<boolean>,
 * }} EditorHooks `fill` puts the current values in; `save` sends them, true when done.
 */

export class InlineEditor {
  /**
   * @param {HTMLButtonElement} toggle opens the form; its aria-expanded follows it.
   * @param {HTMLFormElement} form has a `[data-action="cancel"]` button.
   * @param {EditorHooks} hooks
   */
  constructor(toggle, form, hooks) {
    this.toggle = toggle;
    this.form = form;
    this.hooks = hooks;
    toggle.addEventListener("click", () => (this.isOpen ? this.close(true) : this.open()));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    form.querySelector('[data-action="cancel"]')?.addEventListener("click", () => this.close(true));
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        this.close(true);
      }
    });
  }

  get isOpen() {
    return !this.form.hidden;
  }

  /**
   * Offer the editor or not (the caller's role decides); hiding it closes the form.
   * @param {boolean} allowed
   */
  allow(allowed) {
    this.toggle.hidden = !allowed;
    if (!allowed) this.close(false);
  }

  open() {
    this.hooks.fill(this.form);
    this.form.hidden = false;
    this.toggle.setAttribute("aria-expanded", "true");
    const first = this.form.querySelector("input");
    first?.focus();
    first?.select();
  }

  /** @param {boolean} refocus give the focus back to the button. */
  close(refocus) {
    const hadFocus = this.form.contains(document.activeElement);
    this.form.hidden = true;
    this.toggle.setAttribute("aria-expanded", "false");
    if ((refocus || hadFocus) && !this.toggle.hidden) this.toggle.focus();
  }

  async submit() {
    const buttons = [...this.form.querySelectorAll("button")];
    for (const button of buttons) button.disabled = true;
    try {
      if (await this.hooks.save(this.form)) this.close(true);
    } finally {
      for (const button of buttons) button.disabled = false;
    }
  }
}
