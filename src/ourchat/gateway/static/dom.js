// @ts-check
// DOM helpers. Every piece of user-provided text goes through textContent or a text node:
// nothing in this client ever parses data as HTML.

import { fullTime, shortTime } from "./format.js";
import { badgeText, MAX_SHOWN } from "./unread.js";

/**
 * Create an element.
 * @param {string} tag
 * @param {Record<string, unknown>} [props] `text` sets textContent, `class` the class name,
 *   `dataset` data-* values, `on<event>` listeners; anything else becomes an attribute.
 * @param {...(Node|string|null|undefined|false)} children strings become text nodes.
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = String(value);
    else if (key === "class") node.className = String(value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    } else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

/**
 * Return the element with this id, or throw: a missing one is a bug in index.html.
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`index.html has no #${id}`);
  return node;
}

/**
 * The input named `name` in a form (index.html has one of each name per form).
 * @param {HTMLFormElement} form
 * @param {string} name
 */
export function formInput(form, name) {
  return /** @type {HTMLInputElement} */ (form.elements.namedItem(name));
}

const COLOR = /^#[0-9A-Fa-f]{6}$/;

/**
 * A small colored square; only a validated #RRGGBB ever reaches the style.
 * @param {unknown} color as the server sent it (a thread's color is optional).
 * @param {string} [testId]
 */
export function swatch(color, testId = "color-swatch") {
  const node = h("span", { class: "swatch", "aria-hidden": "true", "data-testid": testId });
  if (typeof color === "string" && COLOR.test(color)) node.style.backgroundColor = color;
  else node.classList.add("swatch-none");
  return node;
}

/**
 * An unread-count badge ("99+" past 99), or null when there is nothing unread.
 * @param {number} count
 */
export function unreadBadge(count) {
  if (!(count > 0)) return null;
  const label = count > MAX_SHOWN ? `more than ${MAX_SHOWN} unread` : `${count} unread`;
  const props = { class: "badge", "data-testid": "unread-badge", title: label };
  return h("span", { ...props, "aria-label": label, text: badgeText(count) });
}

/**
 * A <time> element with a short label and the full date as its tooltip.
 * @param {string} iso
 */
export function timeElement(iso) {
  return h("time", { datetime: iso, title: fullTime(iso), text: shortTime(iso) });
}

/**
 * True when a scrollable element is scrolled to (or within a few pixels of) its bottom.
 * @param {Element} node
 * @param {number} [slack] in CSS pixels.
 */
export function isAtBottom(node, slack = 48) {
  return node.scrollHeight - node.scrollTop - node.clientHeight <= slack;
}

/**
 * Make `parent`'s children these nodes, in this order, touching only what changed: a node
 * already in place stays (with its focus, selection and scroll). A focused element that goes
 * hands the focus to the element with the same data-focus-key among the new ones, if any.
 * @param {Element} parent
 * @param {Element[]} nodes
 */
export function patchChildren(parent, nodes) {
  const focused = document.activeElement;
  const focusKey =
    focused instanceof HTMLElement && parent.contains(focused) ? focused.dataset.focusKey : "";
  const keep = new Set(nodes);
  let cursor = parent.firstElementChild;
  for (const node of nodes) {
    while (cursor && !keep.has(cursor)) {
      const gone = cursor;
      cursor = cursor.nextElementSibling;
      gone.remove();
    }
    if (node === cursor) cursor = cursor.nextElementSibling;
    else parent.insertBefore(node, cursor);
  }
  while (cursor) {
    const gone = cursor;
    cursor = cursor.nextElementSibling;
    gone.remove();
  }
  if (focusKey && focused && !parent.contains(focused)) {
    const target = parent.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
    if (target instanceof HTMLElement) target.focus();
  }
}

/**
 * The node to keep of two builds of the same part: the old one if nothing differs (so
 * patchChildren leaves it alone), else the new one.
 * @param {Element | null | undefined} old
 * @param {Element} fresh
 */
export function reuse(old, fresh) {
  return old && old.isEqualNode(fresh) ? old : fresh;
}

/**
 * Bring an element in line with a fresh build of it, in place: attributes, text and children
 * are changed where they differ, and the element itself (and its focus) stays. Children of
 * another kind are replaced. Listeners are not copied: rows that are morphed act through
 * their list's delegated listeners.
 * @param {Element} old
 * @param {Element} fresh of the same tag.
 */
export function morph(old, fresh) {
  if (old.isEqualNode(fresh)) return;
  for (const { name } of [...old.attributes]) {
    if (!fresh.hasAttribute(name)) old.removeAttribute(name);
  }
  for (const { name, value } of fresh.attributes) {
    if (old.getAttribute(name) === value) continue;
    // A style attribute set as markup would be inline style, which the CSP refuses; CSSOM
    // writes are allowed (swatch() colors that way).
    if (name === "style" && old instanceof HTMLElement && fresh instanceof HTMLElement) {
      old.style.cssText = fresh.style.cssText;
    } else old.setAttribute(name, value);
  }
  const before = [...old.childNodes];
  const after = [...fresh.childNodes];
  const alike =
    before.length === after.length &&
    before.every(
      (node, index) =>
        node.nodeType === after[index].nodeType && node.nodeName === after[index].nodeName,
    );
  if (!alike) {
    old.replaceChildren(...after);
    return;
  }
  before.forEach((node, index) => {
    const next = after[index];
    if (node instanceof Element) morph(node, /** @type {Element} */ (next));
    else if (node.nodeValue !== next.nodeValue) node.nodeValue = next.nodeValue;
  });
}

/**
 * Render a list keyed by its items' `data-key`: a row already shown for a key is kept and
 * morphed into its new build, so the focus stays where the user is when the list redraws
 * (a new message moving a thread up, an unread count changing).
 * @param {Element} list
 * @param {Element[]} rows fresh builds, each with a data-key.
 */
export function renderKeyed(list, rows) {
  const focused = document.activeElement;
  const hadFocus = focused instanceof HTMLElement && list.contains(focused) ? focused : null;
  /** @type {Map<string, Element>} */
  const shown = new Map();
  for (const child of list.children) {
    const key = child.getAttribute("data-key");
    if (key !== null) shown.set(key, child);
  }
  const next = rows.map((row) => {
    const known = shown.get(row.getAttribute("data-key") || "");
    if (!known || known.tagName !== row.tagName) return row;
    morph(known, row);
    return known;
  });
  patchChildren(list, next);
  // A row that moved was taken out and put back, which blurs it: the focus goes back to it.
  if (hadFocus && hadFocus.isConnected && document.activeElement !== hadFocus) {
    hadFocus.focus({ preventScroll: true });
  }
}
