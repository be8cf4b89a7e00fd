// @ts-check
// RankedItems (ranked.js): records by most recent activity.

import assert from "node:assert/strict";
import { test } from "node:test";

import { RankedItems } from "../../src/ourchat/gateway/static/ranked.js";

/** @typedef {{groupId: string, lastMessageAt: string, groupName?: string}} Record */

/**
 * @param {string} groupId
 * @param {string} lastMessageAt only the minutes of a fixed hour.
 * @param {string} [groupName]
 * @returns {Record}
 */
function group(groupId, lastMessageAt, groupName) {
  const record = { groupId, lastMessageAt: `2026-03-03T14:${lastMessageAt}:00.000Z` };
  return groupName === undefined ? record : { ...record, groupName };
}

/** @param {RankedItems<"groupId", Record>} items */
function ids(items) {
  return items.sorted().map((record) => record.groupId);
}

/** @returns {RankedItems<"groupId", Record>} */
function ranked() {
  return new RankedItems("groupId");
}

test("sorted: most recent activity first, ties by id, newest (largest) first", () => {
  const items = ranked();
  items.replace([group("A", "01"), group("B", "05"), group("D", "03"), group("C", "05")]);
  assert.deepEqual(ids(items), ["C", "B", "D", "A"]);
});

test("has and get find records by id", () => {
  const items = ranked();
  items.replace([group("A", "01", "Alpha")]);
  assert.ok(items.has("A"));
  assert.equal(items.get("A")?.groupName, "Alpha");
  assert.equal(items.has("B"), false);
  assert.equal(items.get("B"), undefined);
});

test("replace drops the records not given", () => {
  const items = ranked();
  items.replace([group("A", "01"), group("B", "02")]);
  items.replace([group("A", "03"), group("C", "04")]);
  assert.deepEqual(ids(items), ["C", "A"]);
  assert.equal(items.has("B"), false);
});

test("upsert adds, updates, and never moves a record back in time", () => {
  const items = ranked();
  items.upsert(group("A", "05", "old name"));
  items.upsert(group("A", "02", "new name"));
  assert.deepEqual(items.get("A"), group("A", "05", "new name"));
  items.upsert(group("A", "07"));
  assert.equal(items.get("A")?.lastMessageAt, group("A", "07").lastMessageAt);
  items.upsert(group("B", "06"));
  assert.deepEqual(ids(items), ["A", "B"]);
});

test("touch moves a known record forward only, and reports unknown ids", () => {
  const items = ranked();
  items.replace([group("A", "01"), group("B", "02")]);
  assert.equal(items.touch("A", group("A", "09").lastMessageAt), true);
  assert.deepEqual(ids(items), ["A", "B"]);
  assert.equal(items.touch("A", group("A", "04").lastMessageAt), true);
  assert.equal(items.get("A")?.lastMessageAt, group("A", "09").lastMessageAt);
  assert.equal(items.touch("Z", group("Z", "10").lastMessageAt), false);
  assert.equal(items.has("Z"), false);
});

test("clear forgets every record", () => {
  const items = ranked();
  items.replace([group("A", "01")]);
  items.clear();
  assert.deepEqual(ids(items), []);
});

test("delete forgets one record, and reports unknown ids", () => {
  const items = ranked();
  items.replace([group("A", "01"), group("B", "02")]);
  assert.equal(items.delete("A"), true);
  assert.deepEqual(ids(items), ["B"]);
  assert.equal(items.delete("A"), false);
});
