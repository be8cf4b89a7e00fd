// @ts-check
// The members column of the selected group: who is in it, who of them is online, and their
// roles, the actions the caller's role allows on each (roles.js), "Add member"
// (member_search.js) and "Leave group". Listed with listMembers, kept current by
// member.added/removed/updated; online dots from listMembers' `online`, kept current by
// presence.changed, which this connection gets for the shown group once it asks
// (watchPresence, before listing, so that no change falls between the two).

import { byId, h } from "./dom.js";
import { errorText } from "./format.js";
import { MemberSearch } from "./member_search.js";
import { ACTIONS } from "./protocol.js";
import { compareMembers, isManager, memberActions, roleLabel } from "./roles.js";
import { notifyError } from "./toasts.js";

/**
 * @import {
 *   ChatApi, Group, Me, Member, MemberAdded, MemberRemoved, MemberUpdated, Membership, Page,
 *   Role,
 * } from "./api.js"
 */
/** @import { NameBook } from "./people.js" */
/** @import { MemberAction } from "./roles.js" */

const MEMBERS_PER_PAGE = 100;
const MAX_MEMBER_PAGES = 10;

/** The button of each action. */
const ACTION_LABELS = {
  makeAdmin: "Make admin",
  makeMember: "Make member",
  makeOwner: "Make owner",
  remove: "Remove",
};

/** The actions that ask first: they cannot be undone by the caller. */
const CONFIRMED = new Set(["makeOwner", "remove"]);

export class MembersPanel {
  /**
   * @param {ChatApi} api
   * @param {NameBook} names learns the members' names, for their messages.
   * @param {() => Me} me the signed-in user.
   * @param {(role: Role | null) => void} onRoleChange my role in the shown group changed
   *   (null: no group, or not known yet).
   * @param {(group: Group) => void} onLeft I left the group.
   */
  constructor(api, names, me, onRoleChange, onLeft) {
    this.api = api;
    this.names = names;
    this.me = me;
    this.onRoleChange = onRoleChange;
    this.onLeft = onLeft;
    /** @type {Group | null} */
    this.group = null;
    /** @type {Map<string, Member>} by userId. */
    this.members = new Map();
    this.loaded = false;
    /** @type {Role | null} */
    this.myRole = null;
    /** @type {{userId: string, action: MemberAction} | null} an action awaiting its confirm. */
    this.confirming = null;
    /** @type {string | null} the data-focus-key to focus after the next render. */
    this.focusNext = null;
    this.list = byId("member-list");
    this.search = new MemberSearch(
      api,
      names,
      () => this.group,
      (userId) => this.members.has(userId),
    );
    this.leaveBox = byId("leave-group");
    this.leaveButton = /** @type {HTMLButtonElement} */ (byId("leave-group-button"));
    this.leaveConfirm = byId("leave-group-confirm");
    this.leaveQuestion = byId("leave-group-question");
    this.leaveYes = /** @type {HTMLButtonElement} */ (byId("leave-group-yes"));
    this.leaveError = byId("leave-group-error");
    this.leaveButton.addEventListener("click", () => this.askLeave(this.leaveConfirm.hidden));
    byId("leave-group-no").addEventListener("click", () => this.askLeave(false, true));
    this.leaveYes.addEventListener("click", () => this.leave());
    this.leaveConfirm.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.askLeave(false, true);
    });
    names.addEventListener("change", () => this.learnNames());
  }

  reset() {
    this.showGroup(null);
  }

  /**
   * Show another group's members (or none); they are fetched afresh.
   * @param {Group | null} group
   */
  showGroup(group) {
    this.group = group;
    this.members.clear();
    this.loaded = false;
    this.confirming = null;
    this.search.reset();
    this.askLeave(false);
    this.leaveError.textContent = "";
    this.leaveBox.hidden = !group;
    this.setMyRole(null);
    this.render();
    if (group) this.load().catch((error) => notifyError(error, "load the members"));
    else this.unwatch();
  }

  /**
   * Watch the shown group's presence, then list its members (on showing a group, and again
   * after a reconnect: a watch ends with its connection).
   */
  async load() {
    const group = this.group;
    if (!group) return;
    try {
      await this.api.request(ACTIONS.watchPresence, { groupId: group.groupId });
    } catch (error) {
      // The dots then stay as listed; the members themselves still show.
      console.warn("ourchat: no presence for this group:", error);
    }
    if (this.group !== group) return;
    await this.refresh();
  }

  /** Stop watching presence (no group is shown). */
  unwatch() {
    if (this.api.status !== "online") return;
    this.api.request(ACTIONS.unwatchPresence).catch(() => {
      // Nothing to undo: the watch ends with the connection anyway.
    });
  }

  /**
   * A presence.changed event: a member of the watched group came online or went offline.
   * @param {{userId: string, online: boolean}} change
   */
  notePresence({ userId, online }) {
    const known = this.members.get(userId);
    if (!known || typeof online !== "boolean" || Boolean(known.online) === online) return;
    this.members.set(userId, { ...known, online });
    this.render();
  }

  /**
   * A group.updated event or reply: the shown group's new name.
   * @param {Group} group
   */
  noteGroup(group) {
    if (this.group && this.group.groupId === group.groupId) this.group = group;
  }

  /** Fetch the shown group's members (again: after a reconnect, or to learn a new name). */
  async refresh() {
    const group = this.group;
    if (!group) return;
    /** @type {Member[]} */
    const all = [];
    /** @type {string | null | undefined} */
    let cursor = null;
    for (let page = 0; page < MAX_MEMBER_PAGES; page += 1) {
      /** @type {Page<{members: Member[]}>} */
      const data = await this.api.request(ACTIONS.listMembers, {
        groupId: group.groupId,
        limit: MEMBERS_PER_PAGE,
        ...(cursor ? { cursor } : {}),
      });
      if (this.group !== group) return;
      all.push(...(data.members || []));
      cursor = data.nextCursor;
      if (!cursor) break;
    }
    this.members = new Map(all.map((member) => [member.userId, member]));
    this.loaded = true;
    this.names.learn(all);
    this.setMyRole(this.members.get(this.me().userId)?.role || null);
    this.render();
  }

  /**
   * A member.added event, for any of my groups.
   * @param {MemberAdded} added
   */
  noteAdded(added) {
    if (!this.shows(added.groupId)) return;
    const known = this.members.get(added.userId);
    const userName = this.names.nameOf(added.userId) || known?.userName;
    this.members.set(added.userId, {
      userId: added.userId,
      userName: userName || added.userId,
      role: added.role,
      joinedAt: known?.joinedAt || new Date().toISOString(),
      // They accepted just now, over a live connection.
      online: known ? known.online : true,
    });
    if (added.userId === this.me().userId) this.setMyRole(added.role);
    this.render();
    // The event names the user by id only: the list brings their name.
    if (!userName) this.refresh().catch((error) => notifyError(error, "load the members"));
  }

  /**
   * A member.removed event (or my own removeMember's reply).
   * @param {MemberRemoved} removed
   */
  noteRemoved(removed) {
    if (!this.shows(removed.groupId) || !this.members.delete(removed.userId)) return;
    if (this.confirming?.userId === removed.userId) this.confirming = null;
    this.render();
  }

  /**
   * A member.updated event (or my own setMemberRole's reply).
   * @param {MemberUpdated} updated
   */
  noteUpdated(updated) {
    if (!this.shows(updated.groupId)) return;
    const known = this.members.get(updated.userId);
    if (!known) {
      this.refresh().catch((error) => notifyError(error, "load the members"));
      return;
    }
    this.members.set(updated.userId, { ...known, role: updated.role });
    if (updated.userId === this.me().userId) this.setMyRole(updated.role);
    if (this.confirming?.userId === updated.userId) this.confirming = null;
    this.render();
  }

  /** @param {string} groupId */
  shows(groupId) {
    return Boolean(this.group && this.group.groupId === groupId);
  }

  /** @param {Role | null} role */
  setMyRole(role) {
    this.search.allow(Boolean(this.group) && isManager(role));
    if (role === this.myRole) return;
    this.myRole = role;
    this.onRoleChange(role);
  }

  /** New names were learned (a search, another list): show them. */
  learnNames() {
    let changed = false;
    for (const member of this.members.values()) {
      const name = this.names.nameOf(member.userId);
      if (name && name !== member.userName) {
        this.members.set(member.userId, { ...member, userName: name });
        changed = true;
      }
    }
    if (changed) this.render();
  }

  /**
   * An action's button was pressed: ask first if it needs it, else do it.
   * @param {Member} member
   * @param {MemberAction} action
   */
  act(member, action) {
    if (CONFIRMED.has(action)) {
      this.confirming = { userId: member.userId, action };
      this.focusNext = `confirm:${member.userId}`;
      this.render();
      return;
    }
    this.perform(member, action);
  }

  /** @param {Member} member */
  cancelConfirm(member) {
    const action = this.confirming?.action;
    this.confirming = null;
    this.focusNext = action ? `${action}:${member.userId}` : null;
    this.render();
  }

  /**
   * @param {Member} member
   * @param {MemberAction} action
   */
  async perform(member, action) {
    const group = this.group;
    if (!group) return;
    const { groupId } = group;
    const { userId } = member;
    this.confirming = null;
    this.render();
    try {
      if (action === "remove") {
        await this.api.request(ACTIONS.removeMember, { groupId, userId });
        this.noteRemoved({ groupId, userId, reason: "removed" });
        return;
      }
      /** @type {Record<string, Role>} */
      const roles = { makeAdmin: "admin", makeMember: "member", makeOwner: "owner" };
      const role = roles[action];
      /** @type {Membership} */
      const membership = await this.api.request(ACTIONS.setMemberRole, { groupId, userId, role });
      this.noteUpdated({ groupId, userId, role: membership.role || role });
      // Handing ownership on makes me an admin.
      if (role === "owner") this.noteUpdated({ groupId, userId: this.me().userId, role: "admin" });
    } catch (error) {
      notifyError(error, `${ACTION_LABELS[action].toLowerCase()}: ${member.userName}`);
    }
  }

  /**
   * Open or close the "Leave group" question.
   * @param {boolean} open
   * @param {boolean} [refocus] give the focus back to the Leave button.
   */
  askLeave(open, refocus = false) {
    const group = this.group;
    this.leaveConfirm.hidden = !open || !group;
    this.leaveButton.setAttribute("aria-expanded", String(!this.leaveConfirm.hidden));
    if (!open || !group) {
      if (refocus) this.leaveButton.focus();
      return;
    }
    this.leaveError.textContent = "";
    const others = [...this.members.keys()].some((id) => id !== this.me().userId);
    this.leaveQuestion.textContent =
      this.myRole === "owner" && others
        ? `Leave ${group.groupName}? You are its owner: make someone else owner first.`
        : `Leave ${group.groupName}? You will no longer see its messages.`;
    this.leaveYes.focus();
  }

  async leave() {
    const group = this.group;
    if (!group) return;
    this.leaveYes.disabled = true;
    try {
      await this.api.request(ACTIONS.leaveGroup, { groupId: group.groupId });
      this.onLeft(group);
    } catch (error) {
      if (this.group !== group) return;
      this.askLeave(false, true);
      // E.g. the owner while others remain: the server says to hand ownership on first.
      this.leaveError.textContent = `Could not leave: ${errorText(error)}`;
    } finally {
      this.leaveYes.disabled = false;
    }
  }

  render() {
    const focused = /** @type {HTMLElement | null} */ (document.activeElement);
    const keepFocus =
      this.focusNext ||
      (focused && this.list.contains(focused) ? focused.dataset.focusKey || null : null);
    this.focusNext = null;
    const members = [...this.members.values()].sort(compareMembers);
    const items = members.map((member) => this.item(member));
    if (items.length === 0) {
      const text = !this.group ? "Select a group." : this.loaded ? "No members." : "Loading…";
      items.push(h("li", { class: "empty", text }));
    }
    this.list.replaceChildren(...items);
    if (keepFocus) {
      const target = this.list.querySelector(`[data-focus-key="${CSS.escape(keepFocus)}"]`);
      if (target instanceof HTMLElement) target.focus();
    }
  }

  /** @param {Member} member */
  item(member) {
    const me = this.me();
    const mine = member.userId === me.userId;
    return h(
      "li",
      {
        class: "member",
        "data-testid": "member",
        "data-user-id": member.userId,
        "data-role": member.role,
      },
      h(
        "div",
        { class: "member-line" },
        presenceDot(Boolean(member.online)),
        h("span", {
          class: "row-name",
          dir: "auto",
          "data-testid": "member-name",
          title: member.userId,
          text: member.userName || member.userId,
        }),
        member.online && h("span", { class: "visually-hidden", text: ", online" }),
        mine && h("span", { class: "muted", text: "(you)" }),
        h("span", {
          class: `role role-${member.role}`,
          "data-testid": "member-role",
          text: roleLabel(member.role),
        }),
      ),
      this.actions(member),
    );
  }

  /** @param {Member} member */
  actions(member) {
    const name = member.userName || member.userId;
    if (this.confirming && this.confirming.userId === member.userId) {
      const { action } = this.confirming;
      const question =
        action === "makeOwner"
          ? `Make ${name} the owner? You will become an admin.`
          : `Remove ${name} from the group?`;
      return h(
        "div",
        { class: "confirm", "data-testid": "member-confirm" },
        h("p", { class: "confirm-question", text: question }),
        h(
          "div",
          { class: "inline" },
          h("button", {
            type: "button",
            class: action === "remove" ? "small danger" : "small",
            "data-testid": "member-confirm-yes",
            "data-focus-key": `confirm:${member.userId}`,
            text: action === "remove" ? "Remove" : "Make owner",
            "aria-label": `${action === "remove" ? "Remove" : "Make owner"}: ${name}, confirm`,
            onclick: () => this.perform(member, action),
            onkeydown: (/** @type {KeyboardEvent} */ event) => {
              if (event.key === "Escape") this.cancelConfirm(member);
            },
          }),
          h("button", {
            type: "button",
            class: "small secondary",
            "data-testid": "member-confirm-no",
            text: "Cancel",
            onclick: () => this.cancelConfirm(member),
            onkeydown: (/** @type {KeyboardEvent} */ event) => {
              if (event.key === "Escape") this.cancelConfirm(member);
            },
          }),
        ),
      );
    }
    const actions = memberActions(this.myRole, this.me().userId, member);
    if (actions.length === 0) return null;
    return h(
      "div",
      { class: "member-actions" },
      ...actions.map((action) =>
        h("button", {
          type: "button",
          class: action === "remove" ? "small secondary danger" : "small secondary",
          "data-testid": `member-${action}`,
          "data-focus-key": `${action}:${member.userId}`,
          "aria-label": `${ACTION_LABELS[action]}: ${name}`,
          text: ACTION_LABELS[action],
          onclick: () => this.act(member, action),
        }),
      ),
    );
  }
}

/**
 * A member's online dot: filled when online, hollow when not; the text beside the name says
 * "online" to screen readers.
 * @param {boolean} online
 */
function presenceDot(online) {
  return h("span", {
    class: online ? "presence online" : "presence",
    "data-testid": "member-presence",
    "data-online": String(online),
    title: online ? "Online" : "Offline",
    "aria-hidden": "true",
  });
}
