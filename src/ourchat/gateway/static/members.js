// @ts-check
// Adding members to the selected group, and the group's recent member.added events.

import { byId, formInput, h, timeElement } from "./dom.js";
import { ACTIONS } from "./protocol.js";
import { notify, notifyError } from "./toasts.js";

/** @import { Group, MemberAdded } from "./api.js" */

const MAX_EVENTS = 20;

export class MembersPanel {
  /** @param {import("./api.js").ChatApi} api */
  constructor(api) {
    this.api = api;
    /** @type {Group | null} */
    this.group = null;
    /** @type {Map<string, {userId: string, at: string}[]>} by groupId, oldest first. */
    this.events = new Map();
    this.list = byId("member-events");
    this.form = /** @type {HTMLFormElement} */ (byId("add-member-form"));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.add();
    });
  }

  reset() {
    this.events.clear();
    this.showGroup(null);
  }

  /** @param {Group | null} group */
  showGroup(group) {
    this.group = group;
    this.form.hidden = !group;
    this.render();
  }

  async add() {
    const group = this.group;
    if (!group) return;
    const input = formInput(this.form, "userId");
    const userId = input.value.trim();
    if (!userId) return;
    try {
      await this.api.request(ACTIONS.addMember, { groupId: group.groupId, userId });
      input.value = "";
      notify(`${userId} was added to ${group.groupName}`, "info");
    } catch (error) {
      notifyError(error, `add ${userId}`);
    }
  }

  /**
   * A member.added event, for any of my groups.
   * @param {MemberAdded} data
   * @param {string} [at] when it arrived (an ISO timestamp).
   */
  noteAdded(data, at = new Date().toISOString()) {
    const entries = this.events.get(data.groupId) || [];
    entries.push({ userId: data.userId, at });
    this.events.set(data.groupId, entries.slice(-MAX_EVENTS));
    if (this.group && data.groupId === this.group.groupId) this.render();
  }

  render() {
    const entries = (this.group && this.events.get(this.group.groupId)) || [];
    this.list.replaceChildren(
      ...entries.map((entry) =>
        h(
          "li",
          { "data-testid": "member-event" },
          h("span", { class: "who", text: entry.userId }),
          " joined ",
          timeElement(entry.at),
        ),
      ),
    );
    this.list.hidden = entries.length === 0;
  }
}
