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
