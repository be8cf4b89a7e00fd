// @ts-check
// The threads column: the selected group's name (renamed in place by its owner or an admin),
// its threads, most recent first, live re-ordering, "load more", and the form that creates a
// thread. Each page of threads brings their unread counts and my read pointers (unread.js).

import { byId, formInput, h, renderKeyed, swatch, timeElement, unreadBadge } from "./dom.js";
import { InlineEditor } from "./editor.js";
import { ACTIONS } from "./protocol.js";
import { RankedItems } from "./ranked.js";
import { isManager } from "./roles.js";
import { notifyError } from "./toasts.js";

/** @import { Group, Message, Page, Role, Thread, ThreadView } from "./api.js" */
/** @import { UnreadCounts } from "./unread.js" */
/** @import { Picked } from "./groups.js" */

export class ThreadsPane {
  /**
   * @param {import("./api.js").ChatApi} api
   * @param {UnreadCounts} unread the badges' counts.
   * @param {(thread: Thread | null, how: Picked) => void} onSelect called when the
   *   selected thread changes, and when the user picks it again (a click, Enter).
   * @param {(group: Group) => void} onGroupRenamed gets the reply to a rename of the group.
   */
  constructor(api, unread, onSelect, onGroupRenamed) {
    this.api = api;
    this.unread = unread;
    this.onSelect = onSelect;
    this.onGroupRenamed = onGroupRenamed;
    /** @type {RankedItems<"threadId", Thread>} */
    this.threads = new RankedItems("threadId");
    /** @type {Group | null} */
    this.group = null;
    /** @type {string | null} */
    this.selectedId = null;
    /** @type {string | null} */
    this.nextCursor = null;
    this.title = byId("group-title");
    this.list = byId("thread-list");
    this.list.addEventListener("click", (event) => {
      const row = /** @type {Element} */ (event.target).closest("[data-thread-id]");
      if (row instanceof HTMLElement) this.select(row.dataset.threadId || null, true);
    });
    this.loadMoreButton = /** @type {HTMLButtonElement} */ (byId("threads-load-more"));
    this.loadMoreButton.addEventListener("click", () => this.loadMore());
    this.form = /** @type {HTMLFormElement} */ (byId("create-thread-form"));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.create();
    });
    this.renameGroup = new InlineEditor(
      /** @type {HTMLButtonElement} */ (byId("rename-group")),
      /** @type {HTMLFormElement} */ (byId("rename-group-form")),
      {
        fill: (form) => {
          formInput(form, "groupName").value = this.group ? this.group.groupName : "";
          formInput(form, "emoticon").value = (this.group && this.group.emoticon) || "";
        },
        save: (form) => this.rename(form),
      },
    );
    const color = formInput(this.form, "color");
    color.addEventListener("input", () => {
      formInput(this.form, "useColor").checked = true;
    });
  }

  get selected() {
    return this.selectedId ? this.threads.get(this.selectedId) || null : null;
  }

  /**
   * Show another group (or none): its threads are fetched afresh.
   * @param {Group | null} group
   */
  async showGroup(group) {
    this.group = group;
    this.threads.clear();
    this.nextCursor = null;
    this.select(null);
    this.form.hidden = !group;
    // Only once my role in the group is known (setRole) may I be offered a rename.
    this.renameGroup.allow(false);
    this.renderTitle();
    this.render();
    if (group) await this.refresh();
  }

  renderTitle() {
    const group = this.group;
    this.title.replaceChildren(
      ...(group
        ? [
            h("span", { "aria-hidden": "true", text: group.emoticon || "💬" }),
            h("span", {
              class: "row-name",
              dir: "auto",
              "data-testid": "group-title-name",
              text: group.groupName,
            }),
          ]
        : []),
    );
  }

  /**
   * My role in the shown group: its owner and admins may rename it.
   * @param {Role | null} role
   */
  setRole(role) {
    this.renameGroup.allow(Boolean(this.group) && isManager(role));
  }

  /**
   * A group.updated event or reply: show the new name if it is the group on screen.
   * @param {Group} group
   */
  noteGroup(group) {
    if (!this.group || this.group.groupId !== group.groupId) return;
    this.group = group;
    this.renderTitle();
  }

  /**
   * Send the rename form's changes; true when done (nothing changed counts as done).
   * @param {HTMLFormElement} form
   */
  async rename(form) {
    const group = this.group;
    if (!group) return true;
    /** @type {{groupId: string, groupName?: string, emoticon?: string}} */
    const fields = { groupId: group.groupId };
    const name = formInput(form, "groupName").value;
    const emoticon = formInput(form, "emoticon").value.trim();
    if (name !== group.groupName) fields.groupName = name;
    // An empty emoticon removes it.
    if (emoticon !== (group.emoticon || "")) fields.emoticon = emoticon;
    if (Object.keys(fields).length === 1) return true;
    try {
      /** @type {Group} */
      const updated = await this.api.request(ACTIONS.updateGroup, fields);
      this.onGroupRenamed(updated);
      return true;
    } catch (error) {
      notifyError(error, "rename the group");
      return false;
    }
  }

  /**
   * Fetch the first page of the current group's threads (again, e.g. after a reconnect, or
   * for their unread counts).
   */
  async refresh() {
    const group = this.group;
    if (!group) return;
    /** @type {Page<{threads: ThreadView[]}>} */
    const data = await this.api.request(ACTIONS.getThreadsByGroup, { groupId: group.groupId });
    if (this.group !== group) return;
    this.unread.loadThreads(group.groupId, data.threads || [], true);
    // Threads are never deleted, so a refresh merges: pages loaded earlier stay on screen,
    // and their cursor stays valid for "load more".
    const firstLoad = this.threads.items.size === 0;
    for (const thread of data.threads || []) this.threads.upsert(thread);
    if (firstLoad) this.nextCursor = data.nextCursor || null;
    this.render();
  }

  async loadMore() {
    const group = this.group;
    if (!group || !this.nextCursor) return;
    this.loadMoreButton.disabled = true;
    try {
      /** @type {Page<{threads: ThreadView[]}>} */
      const data = await this.api.request(ACTIONS.getThreadsByGroup, {
        groupId: group.groupId,
        cursor: this.nextCursor,
      });
      if (this.group !== group) return;
      this.unread.loadThreads(group.groupId, data.threads || [], false);
      for (const thread of data.threads || []) this.threads.upsert(thread);
      this.nextCursor = data.nextCursor || null;
      this.render();
    } catch (error) {
      notifyError(error, "load more threads");
    } finally {
      this.loadMoreButton.disabled = false;
    }
  }

  async create() {
    const group = this.group;
    if (!group) return;
    const field = (/** @type {string} */ name) => formInput(this.form, name);
    /** @type {{groupId: string, threadName: string, color?: string}} */
    const request = { groupId: group.groupId, threadName: field("threadName").value };
    if (field("useColor").checked) request.color = field("color").value;
    try {
      /** @type {Thread} */
      const thread = await this.api.request(ACTIONS.createThread, request);
      this.form.reset();
      if (this.group !== group) return;
      this.threads.upsert(thread);
      this.select(thread.threadId, true);
    } catch (error) {
      notifyError(error, "create the thread");
    }
  }

  /**
   * A thread.created or thread.updated event: show it if it belongs to the group on screen.
   * @param {Thread} thread
   */
  noteThread(thread) {
    if (!this.group || thread.groupId !== this.group.groupId) return;
    this.threads.upsert(thread);
    this.render();
  }

  /**
   * A message arrived: move its thread up (UnreadCounts counts it).
   * @param {Message} message
   */
  noteMessage(message) {
    if (!this.group || message.groupId !== this.group.groupId) return;
    if (!this.threads.touch(message.threadId, message.createdAt)) return;
    this.render();
  }

  /**
   * @param {string | null} threadId
   * @param {boolean} [byUser] the user picked it.
   */
  select(threadId, byUser = false) {
    const changed = threadId !== this.selectedId;
    this.selectedId = threadId;
    this.render();
    if (changed || byUser) this.onSelect(this.selected, { byUser, changed });
  }

  /** The button of the selected thread, else the first one: where the focus goes. */
  focusTarget() {
    const selected = this.list.querySelector('[aria-current="true"]');
    return /** @type {HTMLElement | null} */ (selected || this.list.querySelector("button.row"));
  }

  /** Redraw in place: rows are kept by threadId, so the focus stays where it is. */
  render() {
    const items = this.threads.sorted().map((thread) => this.item(thread));
    if (items.length === 0) {
      const text = this.group ? "No threads yet. Start one below." : "Select a group.";
      items.push(h("li", { class: "empty", "data-key": "", text }));
    }
    renderKeyed(this.list, items);
    this.loadMoreButton.hidden = !this.nextCursor;
  }

  /** @param {Thread} thread */
  item(thread) {
    const unread = this.unread.threadCount(thread.threadId);
    const button = h(
      "button",
      {
        type: "button",
        class: "row",
        "data-testid": "thread-item",
        "data-thread-id": thread.threadId,
        "aria-current": thread.threadId === this.selectedId ? "true" : null,
      },
      swatch(thread.color),
      h("span", {
        class: "row-name",
        dir: "auto",
        "data-testid": "thread-name",
        text: thread.threadName || "",
      }),
      thread.lastMessageAt && timeElement(thread.lastMessageAt),
      unreadBadge(unread),
    );
    return h("li", { "data-key": thread.threadId }, button);
  }
}
