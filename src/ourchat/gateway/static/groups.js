// @ts-check
// The groups column: my groups, most recent first, and the form that creates one.

import { byId, formInput, h, renderKeyed, unreadBadge } from "./dom.js";
import { ACTIONS } from "./protocol.js";
import { RankedItems } from "./ranked.js";
import { notifyError } from "./toasts.js";

/** @import { Group, GroupView, Message, Page } from "./api.js" */
/** @import { UnreadCounts } from "./unread.js" */
/** @typedef {{byUser: boolean, changed: boolean}} Picked how a selection came about */

const GROUPS_PER_PAGE = 100;
const MAX_GROUP_PAGES = 10;

export class GroupsPane {
  /**
   * @param {import("./api.js").ChatApi} api
   * @param {UnreadCounts} unread the badges' counts.
   * @param {(group: Group | null, how: Picked) => void} onSelect called when the selected
   *   group changes, and when the user picks it again (a click, Enter).
   * @param {(group: Group) => void} [onCreated] I created this group (before it is selected).
   */
  constructor(api, unread, onSelect, onCreated = () => {}) {
    this.api = api;
    this.unread = unread;
    this.onSelect = onSelect;
    this.onCreated = onCreated;
    /** @type {RankedItems<"groupId", Group>} */
    this.groups = new RankedItems("groupId");
    /** @type {string | null} */
    this.selectedId = null;
    this.list = byId("group-list");
    this.list.addEventListener("click", (event) => {
      const row = /** @type {Element} */ (event.target).closest("[data-group-id]");
      if (row instanceof HTMLElement) this.select(row.dataset.groupId || null, true);
    });
    this.form = /** @type {HTMLFormElement} */ (byId("create-group-form"));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.create();
    });
  }

  reset() {
    this.groups.clear();
    this.selectedId = null;
    this.render();
  }

  get selected() {
    return this.selectedId ? this.groups.get(this.selectedId) || null : null;
  }

  /**
   * Fetch all my groups, page by page (with their seqs and unread counts); nothing changes
   * on screen.
   * @returns {Promise<GroupView[]>}
   */
  async fetchAll() {
    /** @type {GroupView[]} */
    const all = [];
    /** @type {string | null | undefined} */
    let cursor = null;
    // A user is in at most 500 groups: five pages of 100.
    for (let page = 0; page < MAX_GROUP_PAGES; page += 1) {
      /** @type {Page<{groups: GroupView[]}>} */
      const data = await this.api.request(
        ACTIONS.listGroups,
        cursor ? { cursor, limit: GROUPS_PER_PAGE } : { limit: GROUPS_PER_PAGE },
      );
      all.push(...(data.groups || []));
      cursor = data.nextCursor;
      if (!cursor) break;
    }
    return all;
  }

  /**
   * Show these groups, and only these; the selection is kept if it is one of them.
   * @param {Group[]} groups
   */
  replace(groups) {
    this.groups.replace(groups);
    if (this.selectedId && !this.groups.has(this.selectedId)) this.select(null);
    this.render();
  }

  /**
   * Add or update these groups (the others stay).
   * @param {Group[]} groups
   */
  upsertAll(groups) {
    for (const group of groups) this.groups.upsert(group);
    this.render();
  }

  async create() {
    const name = formInput(this.form, "groupName");
    const emoticon = formInput(this.form, "emoticon");
    /** @type {{groupName: string, emoticon?: string}} */
    const fields = { groupName: name.value };
    if (emoticon.value.trim()) fields.emoticon = emoticon.value.trim();
    try {
      /** @type {Group} */
      const group = await this.api.request(ACTIONS.createGroup, fields);
      this.form.reset();
      this.onCreated(group);
      this.groups.upsert(group);
      this.select(group.groupId, true);
    } catch (error) {
      notifyError(error, "create the group");
    }
  }

  /**
   * @param {string | null} groupId
   * @param {boolean} [byUser] the user picked it.
   */
  select(groupId, byUser = false) {
    const changed = groupId !== this.selectedId;
    this.selectedId = groupId;
    this.render();
    if (changed || byUser) this.onSelect(this.selected, { byUser, changed });
  }

  /** The button of the selected group, else the first one: where the focus goes. */
  focusTarget() {
    const selected = this.list.querySelector('[aria-current="true"]');
    return /** @type {HTMLElement | null} */ (selected || this.list.querySelector("button.row"));
  }

  /**
   * Add a group I just joined, or update one (a group.updated event or reply).
   * @param {Group} group
   */
  upsert(group) {
    this.groups.upsert(group);
    this.render();
  }

  /**
   * A group.updated event: show the new name or emoticon if the group is in the list.
   * @param {Group} group
   * @returns {boolean} false if it is not.
   */
  noteGroup(group) {
    if (!this.groups.has(group.groupId)) return false;
    this.upsert(group);
    return true;
  }

  /**
   * Drop a group I am no longer in; if it was selected, nothing is.
   * @param {string} groupId
   */
  remove(groupId) {
    if (!this.groups.delete(groupId)) return;
    if (this.selectedId === groupId) this.select(null);
    else this.render();
  }

  /**
   * A message arrived in a group: move it up (UnreadCounts counts it).
   * @param {Message} message
   * @returns {boolean} false if the group is not in the list.
   */
  noteMessage(message) {
    if (!this.groups.touch(message.groupId, message.createdAt)) return false;
    this.render();
    return true;
  }

  /** Redraw in place: rows are kept by groupId, so the focus stays where it is. */
  render() {
    const items = this.groups.sorted().map((group) => this.item(group));
    if (items.length === 0) {
      const text = "No groups yet. Create one below.";
      items.push(h("li", { class: "empty", "data-key": "", text }));
    }
    renderKeyed(this.list, items);
  }

  /** @param {Group} group */
  item(group) {
    const unread = this.unread.groupCount(group.groupId);
    const button = h(
      "button",
      {
        type: "button",
        class: "row",
        "data-testid": "group-item",
        "data-group-id": group.groupId,
        "aria-current": group.groupId === this.selectedId ? "true" : null,
      },
      h("span", { class: "emoticon", "aria-hidden": "true", text: group.emoticon || "💬" }),
      h("span", {
        class: "row-name",
        dir: "auto",
        "data-testid": "group-name",
        text: group.groupName,
      }),
      unreadBadge(unread),
    );
    return h("li", { "data-key": group.groupId }, button);
  }
}
