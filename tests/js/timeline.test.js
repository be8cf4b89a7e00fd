// @ts-check
// The layout of a thread in time (timeline.js): day separators and grouped senders.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  dayKey,
  dayLabel,
  GROUP_GAP_MS,
  layOut,
} from "../../src/ourchat/gateway/static/timeline.js";

/**
 * A message at a local time.
 * @param {string} id
 * @param {string} sender
 * @param {Date} at
 */
function at(id, sender, at) {
  return { messageId: id, senderUserId: sender, createdAt: at.toISOString() };
}

test("a separator starts each day, and one sender's run within minutes is grouped", () => {
  const day1 = new Date(2026, 2, 2, 9, 0);
  const day2 = new Date(2026, 2, 3, 9, 0);
  const placed = layOut([
    at("1", "alice", day1),
    at("2", "alice", new Date(day1.getTime() + 60_000)),
    at("3", "bob", new Date(day1.getTime() + 120_000)),
    at("4", "bob", new Date(day1.getTime() + 120_000 + GROUP_GAP_MS)),
    at("5", "bob", day2),
  ]);
  assert.deepEqual(placed, [
    { messageId: "1", day: "2026-03-02", continued: false },
    { messageId: "2", day: null, continued: true },
    { messageId: "3", day: null, continued: false },
    { messageId: "4", day: null, continued: false },
    { messageId: "5", day: "2026-03-03", continued: false },
  ]);
});

test("an empty thread has no separators", () => {
  assert.deepEqual(layOut([]), []);
});

test("day keys are local calendar days; nonsense gives an empty key", () => {
  assert.equal(dayKey(new Date(2026, 0, 5, 23, 59).toISOString()), "2026-01-05");
  assert.equal(dayKey("not a date"), "");
});

test("day labels say Today and Yesterday, then the date (the year only when another)", () => {
  const now = new Date(2026, 2, 4, 12, 0);
  assert.equal(dayLabel("2026-03-04", now, "en-GB"), "Today");
  assert.equal(dayLabel("2026-03-03", now, "en-GB"), "Yesterday");
  // ICU versions differ on the comma after the weekday.
  assert.match(dayLabel("2026-03-02", now, "en-GB"), /^Monday,? 2 March$/);
  assert.match(dayLabel("2025-12-31", now, "en-GB"), /^Wednesday,? 31 December 2025$/);
  assert.equal(dayLabel("garbage", now, "en-GB"), "garbage");
});
