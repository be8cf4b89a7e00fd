// @ts-check
// My open invitations, above my groups: each with its group's name and emoticon, who invited
// me, and Accept and Decline. Listed on every connect and live from invitation.created.

import { byId, h } from "./dom.js";
import { MAX_QUERY_CHARS, MIN_QUERY_CHARS } from "./people.js";
import { ACTIONS } from "./protocol.js";
import { notifyError } from "./toasts.js";

/** @import { ChatApi, GroupInvitation, Membership, Page, PublicProfile } from "./api.js" */
/** @import { NameBook } from "./people.js" */

const INVITATIONS_PER_PAGE = 100;
const MAX_INVITATION_PAGES = 5;

export class InvitationsPane {
  /**
   * @param {ChatApi} api
   * @param {NameBook} names who invited me, once known.
   * @param {(invitation: GroupInvitation, membership: Membership) => void} onAccepted
   */
  constructor(api, names, onAccepted) {
    this.api = api;
    this.names = names;
    this.onAccepted = onAccepted;
    /** @type {Map<string, GroupInvitation>} by groupId. */
    this.invitations = new Map();
    /** @type {Set<string>} the groupIds whose Accept or Decline awaits its reply. */
    this.busy = new Set();
    /** @type {Set<string>} inviters whose names were looked up already. */
    this.lookedUp = new Set();
    this.section = byId("invitations");
    this.list = byId("invitation-list");
    names.addEventListener("change", () => this.render());
  }

  reset() {
    this.invitations.clear();
    this.busy.clear();
    this.lookedUp.clear();
    this.render();
  }

  /** Fetch my open invitations afresh (on every connect). */
  async refresh() {
    /** @type {GroupInvitation[]} */
    const all = [];
    /** @type {string | null | undefined} */
    let cursor = null;
    for (let page = 0; page < MAX_INVITATION_PAGES; page += 1) {
      /** @type {Page<{invitations: GroupInvitation[]}>} */
      const data = await this.api.request(
        ACTIONS.listInvitations,
        cursor ? { cursor, limit: INVITATIONS_PER_PAGE } : { limit: INVITATIONS_PER_PAGE },
      );
      all.push(...(data.invitations || []));
      cursor = data.nextCursor;
      if (!cursor) break;
    }
    this.invitations = new Map(all.map((invitation) => [invitation.groupId, invitation]));
    this.render();
    this.lookUpInviters();
  }

  /**
   * An invitation.created event: a new invitation, or one renewed.
   * @param {GroupInvitation} invitation
   */
  note(invitation) {
    if (!invitation.group || typeof invitation.groupId !== "string") return;
    this.invitations.set(invitation.groupId, invitation);
    this.render();
    this.lookUpInviters();
  }

  /**
   * Forget the invitation to a group (I became a member there); returns it, if there was one.
   * @param {string} groupId
   */
  take(groupId) {
    const invitation = this.invitations.get(groupId);
    if (invitation && this.invitations.delete(groupId)) this.render();
    return invitation;
  }

  /** @param {GroupInvitation} invitation */
  async accept(invitation) {
    await this.answer(invitation, ACTIONS.acceptInvitation, "accept the invitation", (data) =>
      this.onAccepted(invitation, data),
    );
  }

  /** @param {GroupInvitation} invitation */
  async decline(invitation) {
    await this.answer(invitation, ACTIONS.declineInvitation, "decline the invitation", () => {});
  }

  /**
   * Send Accept or Decline; the invitation leaves the list once answered, or once the server
   * says there is no such invitation any more (it expired, or another device answered it).
   * @param {GroupInvitation} invitation
   * @param {"acceptInvitation" | "declineInvitation"} action
   * @param {string} doing
   * @param {(data: any) => void} done
   */
  async answer(invitation, action, doing, done) {
    const { groupId } = invitation;
    if (this.busy.has(groupId)) return;
    this.busy.add(groupId);
    this.render();
    try {
      const data = await this.api.request(action, { groupId });
      this.take(groupId);
      done(data);
    } catch (error) {
      if (/** @type {{code?: string}} */ (error).code === "not_found") this.take(groupId);
      notifyError(error, doing);
    } finally {
      this.busy.delete(groupId);
      this.render();
    }
  }

  /**
   * Look the inviters' names up (the invitation carries their id only): findUsers by id
   * prefix, once per inviter; until found, the id is shown.
   */
  async lookUpInviters() {
    for (const { invitedBy } of this.invitations.values()) {
      if (this.names.nameOf(invitedBy) || this.lookedUp.has(invitedBy)) continue;
      this.lookedUp.add(invitedBy);
      if (invitedBy.length < MIN_QUERY_CHARS || invitedBy.length > MAX_QUERY_CHARS) continue;
      try {
        /** @type {{users: PublicProfile[]}} */
        const data = await this.api.request(ACTIONS.findUsers, { query: invitedBy, limit: 20 });
        this.names.learn((data.users || []).filter((user) => user.userId === invitedBy));
      } catch {
        // The id stays on screen; nothing else depends on the name.
      }
    }
  }

  render() {
    const now = new Date().toISOString();
    const open = [...this.invitations.values()]
      .filter((invitation) => !(invitation.expiresAt && invitation.expiresAt <= now))
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    this.section.hidden = open.length === 0;
    this.list.replaceChildren(...open.map((invitation) => this.item(invitation)));
  }

  /** @param {GroupInvitation} invitation */
  item(invitation) {
    const { group } = invitation;
    const busy = this.busy.has(invitation.groupId);
    return h(
      "li",
      {
        class: "invitation",
        "data-testid": "invitation",
        "data-group-id": invitation.groupId,
      },
      h(
        "div",
        { class: "invitation-text" },
        h("span", { class: "emoticon", "aria-hidden": "true", text: group.emoticon || "💬" }),
        h("span", {
          class: "row-name",
          dir: "auto",
          "data-testid": "invitation-group",
          text: group.groupName,
        }),
      ),
      h("div", {
        class: "invitation-by muted",
        "data-testid": "invitation-by",
        text: `Invited by ${this.names.label(invitation.invitedBy)}`,
      }),
      h(
        "div",
        { class: "inline" },
        h("button", {
          type: "button",
          class: "small",
          "data-testid": "accept-invitation",
          "aria-label": `Accept the invitation to ${group.groupName}`,
          disabled: busy,
          text: "Accept",
          onclick: () => this.accept(invitation),
        }),
        h("button", {
          type: "button",
          class: "secondary small",
          "data-testid": "decline-invitation",
          "aria-label": `Decline the invitation to ${group.groupName}`,
          disabled: busy,
          text: "Decline",
          onclick: () => this.decline(invitation),
        }),
      ),
    );
  }
}
