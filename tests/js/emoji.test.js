// @ts-check
// The emoji picker's offer (emoji.js): the last used first, remembered per storage key.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  COMMON_EMOJI,
  MAX_RECENT_EMOJI,
  RecentEmoji,
} from "../../src/ourchat/gateway/static/emoji.js";

/** A Storage in memory; `refuse` makes writes throw. */
function memoryStorage() {
  /** @type {Map<string, string>} */
  const items = new Map();
  const storage = {
    refuse: false,
    length: 0,
    clear: () => items.clear(),
    key: () => null,
    /** @param {string} key */
    getItem: (key) => items.get(key) ?? null,
    /** @param {string} key */
    removeItem: (key) => void items.delete(key),
    /**
     * @param {string} key
     * @param {string} value
     */
    setItem(key, value) {
      if (storage.refuse) throw new Error("QuotaExceededError");
      items.set(key, value);
    },
  };
  return storage;
}

describe("RecentEmoji", () => {
  test("offers the common emoji until one is used", () => {
    const recent = new RecentEmoji("k", () => memoryStorage());
    assert.deepEqual(recent.offer(), [...COMMON_EMOJI]);
  });

  test("the last used come first, once each, most recent first", () => {
    const storage = memoryStorage();
    const recent = new RecentEmoji("k", () => storage);
    recent.use("🦄");
    recent.use("👍");
    recent.use("🦄");
    assert.deepEqual(recent.list(), ["🦄", "👍"]);
    const offer = recent.offer();
    assert.deepEqual(offer.slice(0, 2), ["🦄", "👍"]);
    assert.equal(offer.filter((one) => one === "👍").length, 1);
    // Another RecentEmoji on the same key (a reload) remembers them.
    assert.deepEqual(new RecentEmoji("k", () => storage).list(), ["🦄", "👍"]);
    assert.deepEqual(new RecentEmoji("other", () => storage).list(), []);
  });

  test("keeps only the last few", () => {
    const storage = memoryStorage();
    const recent = new RecentEmoji("k", () => storage);
    for (const one of ["😀", "😁", "😂", "🤣", "😃", "😄", "😅", "😆"]) recent.use(one);
    assert.equal(recent.list().length, MAX_RECENT_EMOJI);
    assert.equal(recent.list()[0], "😆");
  });

  test("storage that refuses, or holds junk, leaves the common ones", () => {
    const storage = memoryStorage();
    storage.setItem("k", "not json");
    const recent = new RecentEmoji("k", () => storage);
    assert.deepEqual(recent.list(), []);
    storage.setItem("k", JSON.stringify(["👍", 7, "", "x".repeat(40)]));
    assert.deepEqual(recent.list(), ["👍"]);
    storage.refuse = true;
    recent.use("🦄");
    assert.deepEqual(recent.list(), ["👍"]);
    assert.deepEqual(new RecentEmoji("k", () => undefined).offer(), [...COMMON_EMOJI]);
  });
});
