// @ts-check
// The panes on a narrow screen, one at a time: groups → threads → messages. Going deeper
// pushes a history entry, so the browser's Back button (and the back buttons in the panes)
// go up again. On a wide screen every pane shows at once and the history is left alone.

/** @typedef {"groups" | "threads" | "messages"} Pane */

/** @type {Pane[]} */
export const PANES = ["groups", "threads", "messages"];

/** The width under which one pane shows at a time (style.css has the same number). */
export const NARROW_QUERY = "(max-width: 699px)";

/**
 * The pane a back button leads to.
 * @param {Pane} pane
 * @returns {Pane}
 */
export function parentPane(pane) {
  return PANES[Math.max(0, PANES.indexOf(pane) - 1)];
}

/**
 * The pane a history entry's state names, "groups" for any other state (the first entry).
 * @param {unknown} state
 * @returns {Pane}
 */
export function paneOfState(state) {
  const pane = state && /** @type {{ourchatPane?: unknown}} */ (state).ourchatPane;
  return PANES.includes(/** @type {Pane} */ (pane)) ? /** @type {Pane} */ (pane) : "groups";
}

export class PaneNav extends EventTarget {
  /**
   * Dispatches "change" (detail: {pane, from}) when the pane shown changes.
   * @param {HTMLElement} root its data-pane names the pane shown (style.css).
   */
  constructor(root) {
    super();
    this.root = root;
    this.narrow = window.matchMedia(NARROW_QUERY);
    /** @type {Pane} */
    this.pane = "groups";
    root.dataset.pane = this.pane;
    window.addEventListener("popstate", (event) => this.set(paneOfState(event.state)));
  }

  get isNarrow() {
    return this.narrow.matches;
  }

  /**
   * Show a pane; deeper than the current one on a narrow screen, it gets a history entry.
   * @param {Pane} pane
   */
  go(pane) {
    if (pane === this.pane) return;
    const deeper = PANES.indexOf(pane) > PANES.indexOf(this.pane);
    if (deeper && this.isNarrow) history.pushState({ ourchatPane: pane }, "");
    this.set(pane);
  }

  /** A back button: the history entry this pane pushed goes, else the parent pane shows. */
  back() {
    const parent = parentPane(this.pane);
    if (paneOfState(history.state) === this.pane && this.pane !== "groups") history.back();
    else this.set(parent);
  }

  /** Back to the groups (signed out); the entries pushed stay behind, harmless. */
  reset() {
    this.set("groups");
  }

  /** @param {Pane} pane */
  set(pane) {
    const from = this.pane;
    if (pane === from) return;
    this.pane = pane;
    this.root.dataset.pane = pane;
    this.dispatchEvent(new CustomEvent("change", { detail: { pane, from } }));
  }
}

/** The width under which the members column is a drawer (style.css has the same number). */
export const DRAWER_QUERY = "(max-width: 1099px)";

/**
 * The members column as a drawer on screens too narrow for four columns: a toggle opens it
 * over the chat, Escape or its close button closes it, and the focus goes in and back out.
 */
export class Drawer {
  /**
   * @param {HTMLElement} root its data-drawer is "open" while the drawer is (style.css).
   * @param {HTMLElement} panel the drawer; its first heading takes the focus.
   * @param {HTMLButtonElement} toggle
   * @param {HTMLButtonElement} closer
   */
  constructor(root, panel, toggle, closer) {
    this.root = root;
    this.panel = panel;
    this.toggle = toggle;
    this.query = window.matchMedia(DRAWER_QUERY);
    toggle.addEventListener("click", () => (this.isOpen ? this.close(true) : this.open()));
    closer.addEventListener("click", () => this.close(true));
    panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.isOpen && this.query.matches) this.close(true);
    });
  }

  get isOpen() {
    return this.root.dataset.drawer === "open";
  }

  open() {
    this.root.dataset.drawer = "open";
    this.toggle.setAttribute("aria-expanded", "true");
    const heading = this.panel.querySelector("h2");
    if (heading instanceof HTMLElement) heading.focus();
  }

  /** @param {boolean} [refocus] give the focus back to the toggle. */
  close(refocus = false) {
    if (!this.isOpen) return;
    const hadFocus = this.panel.contains(document.activeElement);
    delete this.root.dataset.drawer;
    this.toggle.setAttribute("aria-expanded", "false");
    if ((refocus || hadFocus) && !this.toggle.hidden) this.toggle.focus();
  }
}
