// @ts-check
// "Add member": a search box (an ARIA combobox) that asks findUsers as the user types, and a
// list of the people found to pick from with the mouse or the keyboard (arrow keys, Enter,
// Escape). Picking someone invites them with addMember.

import { debounce } from "./debounce.js";
import { byId, h } from "./dom.js";
import { searchQuery } from "./people.js";
import { ACTIONS } from "./protocol.js";
import { notifyError } from "./toasts.js";

/** @import { ChatApi, Group, PublicProfile } from "./api.js" */
/** @import { NameBook } from "./people.js" */

export const SEARCH_DELAY_MS = 250;
const RESULTS_LIMIT = 10;

export class MemberSearch {
  /**
   * @param {ChatApi} api
   * @param {NameBook} names learns the names found.
   * @param {() => Group | null} group the group to invite to.
   * @param {(userId: string) => boolean} isMember whether someone is in it already.
   */
  constructor(api, names, group, isMember) {
    this.api = api;
    this.names = names;
    this.group = group;
    this.isMember = isMember;
    /** @type {PublicProfile[]} */
    this.results = [];
    this.active = -1;
    this.open = false;
    /** Counts searches: a reply to any but the latest is dropped. */
    this.ticket = 0;
    this.container = byId("add-member");
    this.input = /** @type {HTMLInputElement} */ (byId("add-member-search"));
    this.list = byId("add-member-results");
    this.status = byId("add-member-status");
    this.search = debounce((/** @type {string} */ typed) => this.find(typed), SEARCH_DELAY_MS);
    this.input.addEventListener("input", () => {
      this.status.textContent = "";
      this.ticket += 1;
      if (searchQuery(this.input.value)) {
        // The results of the last search stay until the new ones come, none picked.
        this.active = -1;
        this.render();
        this.search(this.input.value);
      } else {
        this.search.cancel();
        this.close();
      }
    });
    this.input.addEventListener("keydown", (event) => this.onKey(event));
    this.container.addEventListener("focusout", (event) => {
      const next = /** @type {Node | null} */ (event.relatedTarget);
      if (!next || !this.container.contains(next)) this.close();
    });
  }

  /**
   * Offer the search or not: only the group's owner and admins may invite.
   * @param {boolean} allowed
   */
  allow(allowed) {
    if (this.container.hidden === !allowed) return;
    this.container.hidden = !allowed;
    if (!allowed) this.reset();
  }

  /** Empty the box, the results and the status (another group was selected). */
  reset() {
    this.search.cancel();
    this.ticket += 1;
    this.input.value = "";
    this.status.textContent = "";
    this.close();
  }

  /** @param {string} typed */
  async find(typed) {
    const query = searchQuery(typed);
    if (!query) return;
    this.ticket += 1;
    const ticket = this.ticket;
    try {
      /** @type {{users: PublicProfile[]}} */
      const data = await this.api.request(ACTIONS.findUsers, { query, limit: RESULTS_LIMIT });
      if (ticket !== this.ticket) return;
      const users = data.users || [];
      this.names.learn(users);
      this.results = users;
      this.active = -1;
      this.open = users.length > 0;
      const found = `${users.length} ${users.length === 1 ? "person" : "people"} found`;
      this.status.textContent =
        users.length === 0
          ? `No one found for “${query}”.`
          : `${found}: use the arrow keys and Enter to invite.`;
      this.render();
    } catch (error) {
      if (ticket === this.ticket) notifyError(error, "search for people");
    }
  }

  close() {
    this.results = [];
    this.active = -1;
    this.open = false;
    this.render();
  }

  /** @param {KeyboardEvent} event */
  onKey(event) {
    if (event.isComposing) return;
    const count = this.results.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!this.open || count === 0) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      this.active = this.active < 0 && step < 0 ? count - 1 : (this.active + step + count) % count;
      this.render();
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (this.open && this.active >= 0) this.pick(this.results[this.active]);
      else this.search.flush();
    } else if (event.key === "Escape" && this.open) {
      event.preventDefault();
      this.close();
    }
  }

  /**
   * Invite someone found to the group.
   * @param {PublicProfile} user
   */
  async pick(user) {
    const group = this.group();
    if (!group) return;
    if (this.isMember(user.userId)) {
      this.status.textContent = `${user.userName} is a member already.`;
      return;
    }
    try {
      await this.api.request(ACTIONS.addMember, { groupId: group.groupId, userId: user.userId });
      if (this.group() !== group) return;
      this.input.value = "";
      this.ticket += 1;
      this.close();
      this.status.textContent = `Invitation sent to ${user.userName}.`;
    } catch (error) {
      notifyError(error, `invite ${user.userName}`);
    }
  }

  render() {
    this.input.setAttribute("aria-expanded", String(this.open));
    const activeId = this.open && this.active >= 0 ? optionId(this.active) : null;
    if (activeId) this.input.setAttribute("aria-activedescendant", activeId);
    else this.input.removeAttribute("aria-activedescendant");
    this.list.hidden = !this.open;
    this.list.replaceChildren(...this.results.map((user, index) => this.option(user, index)));
    if (activeId) byId(activeId).scrollIntoView({ block: "nearest" });
  }

  /**
   * @param {PublicProfile} user
   * @param {number} index
   */
  option(user, index) {
    const member = this.isMember(user.userId);
    return h(
      "li",
      {
        id: optionId(index),
        role: "option",
        class: "search-result",
        "aria-selected": String(index === this.active),
        "aria-disabled": member ? "true" : null,
        "data-testid": "add-member-result",
        "data-user-id": user.userId,
        // Keep the focus in the box: a click picks without blurring it (which would close).
        onmousedown: (/** @type {MouseEvent} */ event) => event.preventDefault(),
        onclick: () => this.pick(user),
      },
      h("span", { class: "row-name", dir: "auto", text: user.userName }),
      h("span", { class: "muted user-id", text: member ? "member" : `@${user.userId}` }),
    );
  }
}

/** @param {number} index */
function optionId(index) {
  return `add-member-option-${index}`;
}
