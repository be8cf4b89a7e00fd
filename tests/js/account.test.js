// @ts-check
// Deleting my account: the wording of the server's refusal (account.js), and what this
// browser forgets of the user afterwards (session.js).

import assert from "node:assert/strict";
import { test } from "node:test";

import { ownedGroupIds, ownedGroupsText } from "../../src/ourchat/gateway/static/account.js";
import {
  forgetUser,
  USER_STORAGE,
  userStorageKey,
} from "../../src/ourchat/gateway/static/session.js";

const G1 = "01J0000000000000000000000A";
const G2 = "01J0000000000000000000000B";
const G3 = "01J0000000000000000000000C";

test("ownedGroupIds reads the ids after the refusal's last colon", () => {
  assert.deepEqual(ownedGroupIds(`hand ownership of 1 group(s) on first: ${G1}`), [G1]);
  assert.deepEqual(ownedGroupIds(`hand ownership of 2 group(s) on first: ${G1}, ${G2}`), [
    G1,
    G2,
  ]);
  assert.deepEqual(ownedGroupIds("no ids here"), []);
  assert.deepEqual(ownedGroupIds("first: "), []);
});

test("ownedGroupsText names the groups, counts those not listed, and says what to do", () => {
  const names = new Map([
    [G1, "Team"],
    [G2, "Book club"],
  ]);
  const nameOf = (/** @type {string} */ id) => names.get(id);
  const one = ownedGroupsText(`hand ownership of 1 group(s) on first: ${G1}`, nameOf);
  assert.match(one, /not deleted/);
  assert.match(one, /you own “Team”, which has other members/);
  assert.match(one, /owner of it first \(Members, then Make owner\)/);
  const three = ownedGroupsText(`on first: ${G1}, ${G2}, ${G3}`, nameOf);
  assert.match(three, /you own “Team”, “Book club” and 1 other group, which have other members/);
  assert.match(three, /owner of each first/);
  assert.doesNotMatch(three, /undefined/);
  const none = ownedGroupsText("conflict", nameOf);
  assert.match(none, /you own groups that have other members/);
});

/** A Map-backed stand-in for localStorage. */
function memoryStorage(/** @type {Record<string, string>} */ items) {
  const map = new Map(Object.entries(items));
  return {
    map,
    getItem: (/** @type {string} */ key) => map.get(key) ?? null,
    removeItem: (/** @type {string} */ key) => {
      map.delete(key);
    },
  };
}

test("forgetUser removes the user's data and their remembered sign-in, no one else's", () => {
  /** @type {Record<string, string>} */
  const items = { "ourchat.lastUser": JSON.stringify({ userId: "bob", userName: "Bob" }) };
  items["ourchat.signedIn"] = "1";
  for (const kind of USER_STORAGE) {
    items[userStorageKey(kind, "bob")] = "[]";
    items[userStorageKey(kind, "alice")] = "[]";
  }
  const storage = memoryStorage(items);
  forgetUser("bob", storage);
  assert.deepEqual(
    [...storage.map.keys()].sort(),
    USER_STORAGE.map((kind) => userStorageKey(kind, "alice")).sort(),
  );
});

test("forgetUser keeps the remembered sign-in of another user", () => {
  const last = JSON.stringify({ userId: "alice", userName: "Alice" });
  const storage = memoryStorage({ "ourchat.lastUser": last, "ourchat.signedIn": "0" });
  forgetUser("bob", storage);
  assert.equal(storage.getItem("ourchat.lastUser"), last);
  assert.equal(storage.getItem("ourchat.signedIn"), "0");
});

test("the keys are those the client writes", () => {
  assert.equal(userStorageKey("drafts", "bob"), "ourchat.drafts.bob");
  assert.deepEqual(USER_STORAGE, ["drafts", "outbox", "recentEmoji", "selection", "positions"]);
});
