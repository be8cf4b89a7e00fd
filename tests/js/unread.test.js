// @ts-check
// UnreadCounts (unread.js): the one source of the badges, the title and the notifications,
// fed by the server's counts and kept current by live messages and reading.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  badgeText,
  titleWithCount,
  UnreadCounts,
} from "../../src/ourchat/gateway/static/unread.js";

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

test("listGroups' count replaces what was counted of the group, taken at its seq", () => {
  const counts = new UnreadCounts();
  counts.add("G1", "T1");
  counts.add("G2", "T2");
  const seen = changes(counts);
  counts.resetGroup("G1", 7, 40);
  assert.equal(counts.threadCount("T1"), 0);
  assert.equal(counts.groupCount("G1"), 7);
  assert.equal(counts.total, 8);
  assert.equal(seen.count, 1);
  counts.resetGroup("G1", 7, 41);
  assert.equal(seen.count, 1, "the same count changes nothing");
});

test("a live message the server's count had already (seq at or before it) is not counted again", () => {
  const counts = new UnreadCounts();
  counts.resetGroup("G1", 2, 10);
  counts.add("G1", "T1", 1, 9);
  counts.add("G1", "T1", 1, 10);
  assert.equal(counts.groupCount("G1"), 2);
  counts.add("G1", "T1", 1, 11);
  assert.equal(counts.groupCount("G1"), 3);
  // A message with no seq (or in a group never listed) always counts.
  counts.add("G1", "T1");
  counts.add("G9", "T9", 1, 1);
  assert.equal(counts.total, 5);
  // The open group's basis alone moves, its counts stay until its threads come.
  counts.setBasis("G1", 20);
  counts.add("G1", "T1", 1, 20);
  assert.equal(counts.groupCount("G1"), 4);
});

test("the first page of a group's threads is the whole group: its rest goes", () => {
  const counts = new UnreadCounts();
  counts.resetGroup("G1", 5, 3);
  const seen = changes(counts);
  counts.loadThreads(
    "G1",
    [
      { threadId: "T1", unreadCount: 3, lastReadMessageId: "01B" },
      { threadId: "T2", unreadCount: 0 },
    ],
    true,
  );
  assert.equal(counts.groupCount("G1"), 3);
  assert.equal(counts.threadCount("T1"), 3);
  assert.equal(counts.pointer("T1"), "01B");
  assert.equal(counts.pointer("T2"), null);
  assert.equal(seen.count, 1, "one change for the whole page");
  // A later page adds its threads; the others stay.
  counts.loadThreads("G1", [{ threadId: "T3", unreadCount: 100 }], false);
  assert.equal(counts.groupCount("G1"), 103);
});

test("a read pointer only moves forward", () => {
  const counts = new UnreadCounts();
  assert.equal(counts.notePointer("T1", "01C"), true);
  assert.equal(counts.notePointer("T1", "01B"), false);
  assert.equal(counts.notePointer("T1", "01C"), false);
  assert.equal(counts.notePointer("T1", ""), false);
  assert.equal(counts.pointer("T1"), "01C");
  counts.loadThreads("G1", [{ threadId: "T1", unreadCount: 0, lastReadMessageId: "01A" }], true);
  assert.equal(counts.pointer("T1"), "01C");
  counts.clear();
  assert.equal(counts.pointer("T1"), null);
});

test("a badge says 99+ from 100 on (the server stops counting at 100)", () => {
  assert.equal(badgeText(1), "1");
  assert.equal(badgeText(99), "99");
  assert.equal(badgeText(100), "99+");
  assert.equal(badgeText(250), "99+");
});

test("a listing taken before my latest markRead keeps the count reading left", () => {
  const counts = new UnreadCounts();
  counts.loadThreads("G1", [{ threadId: "T1", unreadCount: 3, lastReadMessageId: "01A" }], true);
  // I read up to 01D: the markRead is on its way, and the thread's count is what is left.
  counts.markPending("T1", "01D");
  counts.setThread("G1", "T1", 0);
  assert.equal(counts.readUpTo("T1"), "01D");
  assert.equal(counts.pointer("T1"), "01A");
  // A listing answered before the markRead: its count would bring back what I read.
  counts.loadThreads("G1", [{ threadId: "T1", unreadCount: 3, lastReadMessageId: "01A" }], true);
  assert.equal(counts.threadCount("T1"), 0);
  // The reply comes: the pointer is the server's; a later listing is taken as it is.
  counts.dropPending("T1", "01D");
  counts.notePointer("T1", "01D");
  counts.loadThreads("G1", [{ threadId: "T1", unreadCount: 1, lastReadMessageId: "01D" }], true);
  assert.equal(counts.threadCount("T1"), 1);
  // A markRead that failed leaves the pointer where the server has it.
  counts.markPending("T1", "01F");
  counts.dropPending("T1", "01E");
  assert.equal(counts.readUpTo("T1"), "01F");
  counts.dropPending("T1", "01F");
  assert.equal(counts.readUpTo("T1"), "01D");
});
