// @ts-check
// Deleting my account (deleteUser): "Delete account…" beside Sign out opens a modal dialog
// that says what goes and what stays, and asks for the confirm (Cancel has the focus, so
// Enter alone erases nothing; Escape cancels; the focus goes back to the button). Once the
// server has erased it, the session signs out and the browser forgets the user (chat.js). A
// user who owns groups with other members is told which, by name, to hand them on first.
// The wording of that refusal is pure, so `node --test` checks it (tests/js).

import { RequestError } from "./connection.js";
import { byId } from "./dom.js";
import { failureText } from "./format.js";
import { ACTIONS } from "./protocol.js";

/** @import { ChatApi, Me } from "./api.js" */

/**
 * The group ids of the server's refusal ("hand ownership of 2 group(s) on first: g1, g2"):
 * what follows its last colon, split at the commas; none if it names none.
 * @param {string} message
 * @returns {string[]}
 */
export function ownedGroupIds(message) {
  const colon = message.lastIndexOf(":");
  if (colon < 0) return [];
  return message
    .slice(colon + 1)
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id && !/\s/.test(id));
}

/**
 * A list as a sentence says it: "A", "A and B", "A, B and C".
 * @param {string[]} items
 */
function listed(items) {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * What the user reads when deleteUser is refused because they own groups that have other
 * members: those groups by name (the ones this client does not list, counted), and what to
 * do first.
 * @param {string} message the server's (see ownedGroupIds).
 * @param {(groupId: string) => string | undefined} groupName
 */
export function ownedGroupsText(message, groupName) {
  const ids = ownedGroupIds(message);
  if (ids.length === 0) {
    return (
      "Your account was not deleted: you own groups that have other members. Make another " +
      "member the owner of each first (Members, then Make owner)."
    );
  }
  const names = [];
  let unnamed = 0;
  for (const id of ids) {
    const name = groupName(id);
    if (name === undefined) unnamed += 1;
    else names.push(`“${name}”`);
  }
  if (unnamed > 0) names.push(unnamed === 1 ? "1 other group" : `${unnamed} other groups`);
  const one = ids.length === 1;
  return (
    `Your account was not deleted: you own ${listed(names)}, which ` +
    `${one ? "has" : "have"} other members. Make another member the owner of ` +
    `${one ? "it" : "each"} first (Members, then Make owner), or remove the other members; ` +
    "then delete your account."
  );
}

export class AccountDeletion {
  /**
   * @param {ChatApi} api
   * @param {() => Me | null} me the signed-in user.
   * @param {(groupId: string) => string | undefined} groupName the name of one of my groups.
   * @param {() => void} onDeleted the server erased the account: sign out and forget.
   */
  constructor(api, me, groupName, onDeleted) {
    this.api = api;
    this.me = me;
    this.groupName = groupName;
    this.onDeleted = onDeleted;
    this.opener = /** @type {HTMLButtonElement} */ (byId("delete-account"));
    this.dialog = /** @type {HTMLDialogElement} */ (byId("delete-account-dialog"));
    this.who = byId("delete-account-who");
    this.yes = /** @type {HTMLButtonElement} */ (byId("delete-account-yes"));
    this.no = /** @type {HTMLButtonElement} */ (byId("delete-account-no"));
    this.error = byId("delete-account-error");
    /** True while the request is out: the dialog stays, its buttons do nothing. */
    this.busy = false;
    /** Whether closing the dialog gives the focus back to the button that opened it. */
    this.refocus = true;
    this.opener.addEventListener("click", () => this.open());
    this.no.addEventListener("click", () => {
      if (!this.busy) this.dialog.close();
    });
    this.yes.addEventListener("click", () => this.confirm());
    // Escape: the dialog's cancel. Not while the server is erasing (its answer decides).
    this.dialog.addEventListener("cancel", (event) => {
      if (this.busy) event.preventDefault();
    });
    this.dialog.addEventListener("close", () => {
      if (this.refocus && !this.opener.closest("[hidden]")) this.opener.focus();
      this.refocus = true;
    });
  }

  /** Ask: the dialog opens, the focus on Cancel. */
  open() {
    const me = this.me();
    if (!me || this.dialog.open) return;
    this.who.textContent = me.userName === me.userId ? me.userId : `${me.userName} (@${me.userId})`;
    this.error.textContent = "";
    this.setBusy(false);
    this.dialog.showModal();
    this.no.focus();
  }

  /** Erase the account; on success the session ends, else the dialog says why not. */
  async confirm() {
    if (this.busy) return;
    this.error.textContent = "";
    this.setBusy(true);
    try {
      await this.api.request(ACTIONS.deleteUser, {});
    } catch (error) {
      this.setBusy(false);
      this.error.textContent = this.refusal(error);
      if (!this.dialog.open) this.dialog.showModal();
      return;
    }
    this.setBusy(false);
    this.close(false);
    this.onDeleted();
  }

  /**
   * Why the account was not deleted.
   * @param {unknown} error
   */
  refusal(error) {
    if (error instanceof RequestError && error.code === "conflict") {
      return ownedGroupsText(error.message, this.groupName);
    }
    if (error instanceof RequestError && error.unanswered) {
      return (
        "The server did not answer, so your account may not be deleted. Try again once the " +
        "connection is back."
      );
    }
    return failureText(error, "delete your account");
  }

  /**
   * While busy the buttons stay focusable (a disabled one would drop the focus) but do
   * nothing; the confirm says what is happening.
   * @param {boolean} busy
   */
  setBusy(busy) {
    this.busy = busy;
    for (const button of [this.yes, this.no]) {
      if (busy) button.setAttribute("aria-disabled", "true");
      else button.removeAttribute("aria-disabled");
    }
    this.yes.textContent = busy ? "Deleting…" : "Delete my account";
  }

  /**
   * Close the dialog, if open.
   * @param {boolean} refocus give the focus back to "Delete account…".
   */
  close(refocus) {
    if (!this.dialog.open) return;
    this.refocus = refocus;
    this.dialog.close();
  }

  /** Signed out: no question stays open. */
  reset() {
    this.close(false);
    this.error.textContent = "";
  }
}
