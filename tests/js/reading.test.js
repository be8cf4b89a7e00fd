// @ts-check
// Reading a thread (reading.js): where the "New messages" divider goes, how many messages are
// left unread after a pointer, and which message is the newest one in view.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  firstUnread,
  inView,
  newestInView,
  SEEN_PX,
  unreadAfter,
} from "../../src/ourchat/gateway/static/reading.js";

/** @import { Said } from "../../src/ourchat/gateway/static/reading.js" */

/**
 * Messages m1, m2, … in order, each by the sender given.
 * @param {string[]} senders
 * @returns {Said[]}
 */
function thread(...senders) {
  return senders.map((senderUserId, index) => ({ messageId: `m${index + 1}`, senderUserId }));
}

describe("firstUnread", () => {
  test("is the first message of someone else after my pointer", () => {
    const messages = thread("bo", "me", "me", "bo", "cy");
    assert.deepEqual(firstUnread(messages, "me", { pointer: "m2", count: 2 }), {
      messageId: "m4",
      settled: true,
    });
  });

  test("is nothing when nothing is unread, whatever follows the pointer", () => {
    const messages = thread("bo", "bo");
    assert.deepEqual(firstUnread(messages, "me", { pointer: "m1", count: 0 }), {
      messageId: null,
      settled: true,
    });
  });

  test("skips deleted messages, as the server's count does", () => {
    const messages = thread("bo", "bo", "bo");
    messages[1] = { ...messages[1], deletedAt: "2026-12-01T10:00:00.000Z" };
    assert.equal(firstUnread(messages, "me", { pointer: "m1", count: 1 }).messageId, "m3");
  });

  test("is not settled while the pointer is older than every message loaded", () => {
    const older = firstUnread(thread("bo", "bo"), "me", { pointer: "m0", count: 30 });
    assert.deepEqual(older, { messageId: "m1", settled: false });
  });

  test("without a pointer (never read), counts back the unread count from the newest", () => {
    const messages = thread("bo", "cy", "me", "bo", "cy");
    assert.deepEqual(firstUnread(messages, "me", { pointer: null, count: 2 }), {
      messageId: "m4",
      settled: true,
    });
    assert.deepEqual(firstUnread(messages, "me", { pointer: null, count: 9 }), {
      messageId: "m1",
      settled: false,
    });
  });
});

describe("unreadAfter", () => {
  test("counts others' live messages after the pointer, or all without one", () => {
    const messages = thread("bo", "me", "bo", "cy");
    assert.equal(unreadAfter(messages, "me", "m2"), 2);
    assert.equal(unreadAfter(messages, "me", "m4"), 0);
    assert.equal(unreadAfter(messages, "me", null), 3);
  });
});

describe("what is in view", () => {
  const view = { top: 100, bottom: 500 };

  test("half of a row, or enough of a tall one, is seen; a row with no height is not", () => {
    assert.equal(inView({ top: 480, bottom: 520 }, view), true); // half
    assert.equal(inView({ top: 490, bottom: 520 }, view), false);
    assert.equal(inView({ top: 500 - SEEN_PX, bottom: 900 }, view), true);
    assert.equal(inView({ top: 500 - SEEN_PX + 1, bottom: 900 }, view), false);
    assert.equal(inView({ top: 0, bottom: 0 }, view), false);
    assert.equal(inView({ top: 200, bottom: 240 }, { top: 0, bottom: 0 }), false);
  });

  test("the newest message in view is found from the newest back", () => {
    /** @type {Record<string, {top: number, bottom: number}>} */
    const rows = {
      m1: { top: 0, bottom: 90 },
      m2: { top: 100, bottom: 200 },
      m3: { top: 300, bottom: 400 },
      m4: { top: 520, bottom: 600 },
    };
    /** @type {string[]} */
    const looked = [];
    const extentOf = (/** @type {string} */ id) => {
      looked.push(id);
      return rows[id] || null;
    };
    assert.equal(newestInView(["m1", "m2", "m3", "m4"], extentOf, view), "m3");
    assert.deepEqual(looked, ["m4", "m3"]);
  });

  test("nothing is in view when every row is above it, or the pane is hidden", () => {
    const above = { m1: { top: 0, bottom: 50 }, m2: { top: 50, bottom: 90 } };
    const extent = (/** @type {string} */ id) =>
      above[/** @type {"m1" | "m2"} */ (id)] || null;
    assert.equal(newestInView(["m1", "m2"], extent, view), null);
    const hidden = () => ({ top: 0, bottom: 0 });
    assert.equal(newestInView(["m1", "m2"], hidden, view), null);
    assert.equal(newestInView([], hidden, view), null);
  });
});
