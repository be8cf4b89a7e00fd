// @ts-check
// UnreadCounts (unread.js): the one source of the badges, the title and the notifications.

import assert from "node:assert/strict";
import { test } from "node:test";

import { titleWithCount, UnreadCounts } from "../../src/ourchat/gateway/static/unread.js";

/** @param {UnreadCounts} counts */
function changes(counts) {
  const seen = { count: 0 };
  counts.addEventListener("change", () => {
    seen.count += 1;
  });
  return seen;
}

test("messages add up per thread, per group and in all", () => {
  const counts = new UnreadCounts();
  const seen = changes(counts);
  counts.add("G1", "T1");
  counts.add("G1", "T1");
  counts.add("G1", "T2");
  counts.add("G2", "T3");
  assert.equal(counts.threadCount("T1"), 2);
  assert.equal(counts.groupCount("G1"), 3);
  assert.equal(counts.groupCount("G2"), 1);
  assert.equal(counts.total, 4);
  assert.equal(seen.count, 4);
});

test("reading a thread clears it alone; an unknown or read thread changes nothing", () => {
  const counts = new UnreadCounts();
  counts.add("G1", "T1");
  counts.add("G1", "T2");
  const seen = changes(counts);
  counts.readThread("T1");
  counts.readThread("T1");
  counts.readThread("nope");
  assert.equal(counts.threadCount("T1"), 0);
  assert.equal(counts.groupCount("G1"), 1);
  assert.equal(seen.count, 1);
});

test("server counts can be fed per thread and per group", () => {
  const counts = new UnreadCounts();
  counts.setThread("G1", "T1", 4);
  counts.setGroup("G1", 10);
  assert.equal(counts.groupCount("G1"), 10);
  assert.equal(counts.total, 10);
  counts.readThread("T1");
  assert.equal(counts.groupCount("G1"), 6);
  counts.setGroup("G2", 0);
  counts.setThread("G2", "T9", -3);
  assert.equal(counts.total, 6);
});

test("leaving a group forgets its counts; clear forgets all", () => {
  const counts = new UnreadCounts();
  counts.add("G1", "T1");
  counts.setGroup("G1", 5);
  counts.add("G2", "T2");
  counts.forgetGroup("G1");
  assert.equal(counts.total, 1);
  counts.clear();
  assert.equal(counts.total, 0);
});

test("the title carries the total in front", () => {
  assert.equal(titleWithCount("ourchat", 0), "ourchat");
  assert.equal(titleWithCount("ourchat", 3), "(3) ourchat");
  assert.equal(titleWithCount("ourchat", 1500), "(999+) ourchat");
});
