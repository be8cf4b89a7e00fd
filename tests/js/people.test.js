// @ts-check
// People's names (people.js): the NameBook, and the rules of a findUsers query.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  DELETED_USER,
  LOOKUP_LIMIT,
  lookupOutcome,
  NameBook,
  NameLookup,
  searchQuery,
} from "../../src/ourchat/gateway/static/people.js";

test("searchQuery: trimmed, 2 to 64 characters, else null", () => {
  assert.equal(searchQuery(""), null);
  assert.equal(searchQuery("a"), null);
  assert.equal(searchQuery("  a  "), null);
  assert.equal(searchQuery(" al "), "al");
  assert.equal(searchQuery("x".repeat(64)), "x".repeat(64));
  assert.equal(searchQuery("x".repeat(65)), null);
});

test("searchQuery counts characters, not UTF-16 units", () => {
  assert.equal(searchQuery("😀"), null);
  assert.equal(searchQuery("😀😀"), "😀😀");
  assert.equal(searchQuery("😀".repeat(64)), "😀".repeat(64));
});

test("a NameBook shows the id until the name is learned", () => {
  const names = new NameBook();
  assert.equal(names.nameOf("u1"), undefined);
  assert.equal(names.label("u1"), "u1");
  names.learn([{ userId: "u1", userName: "Ada" }]);
  assert.equal(names.nameOf("u1"), "Ada");
  assert.equal(names.label("u1"), "Ada");
});

test("learn dispatches one change per batch, and only when a name is new or changed", () => {
  const names = new NameBook();
  let changes = 0;
  names.addEventListener("change", () => {
    changes += 1;
  });
  assert.equal(
    names.learn([
      { userId: "u1", userName: "Ada" },
      { userId: "u2", userName: "Bo" },
    ]),
    true,
  );
  assert.equal(changes, 1);
  assert.equal(names.learn([{ userId: "u1", userName: "Ada" }]), false);
  assert.equal(changes, 1);
  assert.equal(names.learn([{ userId: "u1", userName: "Ada L." }]), true);
  assert.equal(changes, 2);
  assert.equal(names.label("u1"), "Ada L.");
});

test("learn ignores records without a name", () => {
  const names = new NameBook();
  assert.equal(names.learn([{ userId: "u1" }, { userId: "u2", userName: "" }]), false);
  assert.equal(names.label("u1"), "u1");
  assert.equal(names.label("u2"), "u2");
});

test("clear forgets every name", () => {
  const names = new NameBook();
  names.learn([{ userId: "u1", userName: "Ada" }]);
  names.clear();
  assert.equal(names.label("u1"), "u1");
});

test("a user found gone shows as Deleted user, and a name learned later revives them", () => {
  const names = new NameBook();
  names.learn([{ userId: "u1", userName: "Ada" }]);
  let changes = 0;
  names.addEventListener("change", () => {
    changes += 1;
  });
  assert.equal(names.markGone(["u1"]), true);
  assert.equal(changes, 1);
  assert.equal(names.nameFor("u1"), DELETED_USER);
  assert.equal(names.label("u1"), DELETED_USER);
  assert.equal(names.nameOf("u1"), undefined);
  assert.equal(names.needsLookup("u1"), false);
  assert.equal(names.markGone(["u1"]), false);
  assert.equal(changes, 1);
  // The id taken again by a new user: theirs is the name
  assert.equal(names.learn([{ userId: "u1", userName: "Bo" }]), true);
  assert.equal(names.nameFor("u1"), "Bo");
  names.markGone(["u1"]);
  names.clear();
  assert.equal(names.label("u1"), "u1");
});

test("nameFor wants the unknown and the doubted, and shows a doubted name meanwhile", () => {
  const names = new NameBook();
  /** @type {string[]} */
  const wanted = [];
  names.wanted = (userId) => wanted.push(userId);
  names.learn([{ userId: "u1", userName: "Ada" }]);
  assert.equal(names.nameFor("u1"), "Ada");
  assert.equal(names.nameFor("u2"), undefined);
  assert.deepEqual(wanted, ["u2"]);
  names.doubt("u1");
  assert.equal(names.needsLookup("u1"), true);
  assert.equal(names.nameFor("u1"), "Ada");
  assert.deepEqual(wanted, ["u2", "u1"]);
  names.learn([{ userId: "u1", userName: "Ada" }]);
  assert.equal(names.needsLookup("u1"), false);
});

test("lookupOutcome: gone only when a short answer lacks the id", () => {
  assert.equal(lookupOutcome("bob", [{ userId: "bobby" }, { userId: "bob" }], 20), "found");
  assert.equal(lookupOutcome("bob", [{ userId: "bobby" }], 20), "gone");
  assert.equal(lookupOutcome("bob", [], 20), "gone");
  const full = Array.from({ length: 20 }, (_, i) => ({ userId: `bob${i}` }));
  assert.equal(lookupOutcome("bob", full, 20), "unknown");
});

/** Timers that run only when told. */
function manualTimers() {
  /** @type {Map<number, () => void>} */
  const due = new Map();
  let next = 1;
  return {
    due,
    setTimeout: (/** @type {() => void} */ callback, /** @type {number} */ _ms) => {
      due.set(next, callback);
      return next++;
    },
    clearTimeout: (/** @type {number} */ handle) => {
      due.delete(handle);
    },
  };
}

test("NameLookup asks once per wanted id, after a pause, and learns or marks gone", async () => {
  const names = new NameBook();
  /** @type {string[]} */
  const asked = [];
  /** @type {Record<string, {userId: string, userName: string}[]>} */
  const directory = { ada: [{ userId: "ada", userName: "Ada" }], bob: [] };
  const timers = manualTimers();
  const lookup = new NameLookup(
    names,
    async (query, limit) => {
      assert.equal(limit, LOOKUP_LIMIT);
      asked.push(query);
      return directory[query] || [];
    },
    timers,
  );
  names.wanted = (userId) => lookup.want(userId);
  names.nameFor("ada");
  names.nameFor("bob");
  names.nameFor("ada");
  names.nameFor("x"); // too short to ask findUsers: stays an id
  assert.equal(timers.due.size, 1);
  assert.deepEqual(asked, []);
  await lookup.flush();
  assert.deepEqual(asked, ["ada", "bob"]);
  assert.equal(names.nameFor("ada"), "Ada");
  assert.equal(names.nameFor("bob"), DELETED_USER);
  // Asked once: a name learned meanwhile is not asked for
  names.nameFor("cy");
  names.learn([{ userId: "cy", userName: "Cy" }]);
  await lookup.flush();
  assert.deepEqual(asked, ["ada", "bob"]);
});

test("NameLookup asks again for a doubted user, and drops answers after a reset", async () => {
  const names = new NameBook();
  /** @type {Record<string, {userId: string, userName: string}[]>} */
  const directory = { ada: [{ userId: "ada", userName: "Ada" }] };
  const lookup = new NameLookup(names, async (query) => directory[query] || [], manualTimers());
  names.learn([{ userId: "ada", userName: "Ada" }]);
  lookup.want("ada");
  await lookup.flush();
  assert.equal(names.nameFor("ada"), "Ada"); // known: not asked
  names.doubt("ada"); // she left a group, and then her account went
  delete directory.ada;
  lookup.want("ada");
  await lookup.flush();
  assert.equal(names.nameFor("ada"), DELETED_USER);

  names.doubt("bo");
  lookup.want("bo");
  const answer = lookup.flush();
  lookup.reset();
  await answer;
  assert.equal(names.label("bo"), "bo");
});

test("NameLookup asks again after a failed request", async () => {
  const names = new NameBook();
  let fail = true;
  const lookup = new NameLookup(
    names,
    async () => {
      if (fail) throw new Error("offline");
      return [{ userId: "ada", userName: "Ada" }];
    },
    manualTimers(),
  );
  lookup.want("ada");
  await lookup.flush();
  assert.equal(names.label("ada"), "ada");
  fail = false;
  lookup.want("ada");
  await lookup.flush();
  assert.equal(names.label("ada"), "Ada");
});
