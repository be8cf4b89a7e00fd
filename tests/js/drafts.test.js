// @ts-check
// Drafts (drafts.js): one half-written message per thread, kept across reloads.

import assert from "node:assert/strict";
import { test } from "node:test";

import { Drafts, MAX_DRAFTS } from "../../src/ourchat/gateway/static/drafts.js";

/** A Map-backed stand-in for localStorage. */
function memoryStorage() {
  /** @type {Map<string, string>} */
  const items = new Map();
  return {
    items,
    getItem: (/** @type {string} */ key) => items.get(key) ?? null,
    setItem: (/** @type {string} */ key, /** @type {string} */ value) => {
      items.set(key, value);
    },
    removeItem: (/** @type {string} */ key) => {
      items.delete(key);
    },
  };
}

test("a draft stays with its thread and never follows to another", () => {
  const drafts = new Drafts("k", memoryStorage());
  drafts.set("T1", "half a thought");
  assert.equal(drafts.get("T1"), "half a thought");
  assert.equal(drafts.get("T2"), "");
});

test("drafts survive a reload of the page", () => {
  const storage = memoryStorage();
  new Drafts("ourchat.drafts.alice", storage).set("T1", "line one\nline two");
  const again = new Drafts("ourchat.drafts.alice", storage);
  assert.equal(again.get("T1"), "line one\nline two");
  assert.equal(new Drafts("ourchat.drafts.bob", storage).get("T1"), "");
});

test("blank text and clear forget the draft, and an empty set leaves no key behind", () => {
  const storage = memoryStorage();
  const drafts = new Drafts("k", storage);
  drafts.set("T1", "x");
  drafts.set("T1", "   ");
  assert.equal(drafts.get("T1"), "");
  assert.equal(storage.items.has("k"), false);
  drafts.set("T2", "y");
  drafts.clear("T2");
  assert.equal(storage.items.has("k"), false);
});

test("only the most recently written drafts are kept", () => {
  const drafts = new Drafts("k", memoryStorage());
  for (let index = 0; index <= MAX_DRAFTS; index += 1) drafts.set(`T${index}`, `d${index}`);
  assert.equal(drafts.get("T0"), "");
  assert.equal(drafts.get("T1"), "d1");
  drafts.set("T1", "again");
  drafts.set("new", "n");
  assert.equal(drafts.get("T1"), "again");
  assert.equal(drafts.get("T2"), "");
});

test("corrupt or refused storage loses drafts, never the page", () => {
  const storage = memoryStorage();
  storage.items.set("k", "{not json");
  assert.equal(new Drafts("k", storage).get("T1"), "");
  storage.items.set("k", JSON.stringify([["T1", "ok"], ["T2", 3], "junk"]));
  assert.equal(new Drafts("k", storage).get("T1"), "ok");
  const refusing = {
    getItem: () => null,
    setItem: () => {
      throw new Error("QuotaExceededError");
    },
    removeItem: () => {},
  };
  const drafts = new Drafts("k", refusing);
  drafts.set("T1", "kept in memory");
  assert.equal(drafts.get("T1"), "kept in memory");
  const memoryOnly = new Drafts("k", null);
  memoryOnly.set("T1", "x");
  assert.equal(memoryOnly.get("T1"), "x");
});
