// @ts-check
// People's names (people.js): the NameBook, and the rules of a findUsers query.

import assert from "node:assert/strict";
import { test } from "node:test";

import { NameBook, searchQuery } from "../../src/ourchat/gateway/static/people.js";

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
