// @ts-check
// A message's reactions (reactions.js): the server's counts, changed by events exactly once
// each, whether they come before or after a copy of the message that counts them already.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  MAX_EMOJI_PER_MESSAGE,
  Reactions,
  reactorsText,
} from "../../src/ourchat/gateway/static/reactions.js";

/** @import { Reaction } from "../../src/ourchat/gateway/static/api.js" */

const ME = "me";

/**
 * @param {string} emoji
 * @param {number} count
 * @param {string[]} userIds
 * @returns {Reaction}
 */
function reaction(emoji, count, userIds) {
  return { emoji, count, userIds };
}

/** @param {number} count */
function users(count) {
  return Array.from({ length: count }, (_, index) => `u${String(index).padStart(2, "0")}`);
}

/**
 * The chips as "emoji count" strings, with a * when mine.
 * @param {Reactions} reactions
 */
function chips(reactions) {
  return reactions.list().map((r) => `${r.emoji}${r.count}${r.mine ? "*" : ""}`);
}

describe("Reactions from the server", () => {
  test("keep the server's order, counts and names, and mark mine", () => {
    const list = [reaction("👍", 2, ["bob", ME]), reaction("🎉", 1, ["bob"])];
    const reactions = new Reactions(ME, list);
    assert.deepEqual(chips(reactions), ["👍2*", "🎉1"]);
    assert.deepEqual(reactions.list()[0].userIds, ["bob", ME]);
  });

  test("none, or malformed ones, give no chips", () => {
    assert.deepEqual(chips(new Reactions(ME)), []);
    const broken = [null, { emoji: "👍", count: 0, userIds: [] }];
    // @ts-expect-error: a newer or broken server's shape
    assert.deepEqual(chips(new Reactions(ME, broken)), []);
  });
});

describe("Reactions.apply", () => {
  test("an event for someone new counts once; its repeat (same seq) does not", () => {
    const reactions = new Reactions(ME, [reaction("👍", 1, ["bob"])]);
    assert.equal(reactions.apply({ userId: "carol", emoji: "👍" }, true, 7), true);
    assert.equal(reactions.apply({ userId: "carol", emoji: "👍" }, true, 7), false);
    assert.deepEqual(chips(reactions), ["👍2"]);
    assert.deepEqual(reactions.list()[0].userIds, ["bob", "carol"]);
  });

  test("an added event for a user the message names already is not counted again", () => {
    // The copy (e.g. the reply to a request, a page) came first and counts carol already.
    const reactions = new Reactions(ME, [reaction("👍", 2, ["bob", "carol"])]);
    assert.equal(reactions.apply({ userId: "carol", emoji: "👍" }, true, 8), false);
    assert.deepEqual(chips(reactions), ["👍2"]);
  });

  test("a removed event is applied once, and ignored for one who had not reacted", () => {
    const reactions = new Reactions(ME, [reaction("👍", 2, ["bob", "carol"])]);
    assert.equal(reactions.apply({ userId: "dave", emoji: "👍" }, false), false);
    assert.equal(reactions.apply({ userId: "bob", emoji: "👍" }, false), true);
    assert.equal(reactions.apply({ userId: "bob", emoji: "👍" }, false), false);
    assert.equal(reactions.apply({ userId: "carol", emoji: "🎉" }, false), false);
    assert.deepEqual(chips(reactions), ["👍1"]);
  });

  test("the last one taken back removes the chip; a new emoji comes last", () => {
    const reactions = new Reactions(ME, [reaction("👍", 1, ["bob"])]);
    reactions.apply({ userId: "carol", emoji: "🎉" }, true);
    reactions.apply({ userId: "bob", emoji: "👍" }, false);
    assert.deepEqual(chips(reactions), ["🎉1"]);
  });

  test("past ten, users not named are counted, and only the first ten are named", () => {
    const reactions = new Reactions(ME, [reaction("👍", 12, users(10))]);
    assert.equal(reactions.reacted("stranger", "👍"), null);
    assert.equal(reactions.apply({ userId: "stranger", emoji: "👍" }, true), true);
    assert.deepEqual(chips(reactions), ["👍13"]);
    assert.equal(reactions.list()[0].userIds.length, 10);
    assert.equal(reactions.apply({ userId: "u03", emoji: "👍" }, true), false);
    assert.equal(reactions.apply({ userId: "other", emoji: "👍" }, false), true);
    assert.deepEqual(chips(reactions), ["👍12"]);
  });

  test("my own change shows at once; my event and the reply then change nothing", () => {
    const reactions = new Reactions(ME, [reaction("👍", 1, ["bob"])]);
    // I press the chip: shown before the server answers.
    assert.equal(reactions.apply({ userId: ME, emoji: "👍" }, true), true);
    assert.deepEqual(chips(reactions), ["👍2*"]);
    // My own event (to all my connections) comes first...
    assert.equal(reactions.apply({ userId: ME, emoji: "👍" }, true, 11), false);
    // ...then the reply, the message as the server has it.
    reactions.reset([reaction("👍", 2, ["bob", ME])]);
    reactions.noteMine("👍", true);
    assert.deepEqual(chips(reactions), ["👍2*"]);
  });

  test("my reply before my event: the event is not counted again", () => {
    const reactions = new Reactions(ME, []);
    reactions.reset([reaction("🎉", 1, [ME])]);
    reactions.noteMine("🎉", true);
    assert.equal(reactions.apply({ userId: ME, emoji: "🎉" }, true, 12), false);
    assert.equal(reactions.apply({ userId: ME, emoji: "🎉" }, false, 13), true);
    assert.equal(reactions.apply({ userId: ME, emoji: "🎉" }, false, 14), false);
    assert.deepEqual(chips(reactions), []);
  });

  test("past ten, what I know of my own reaction keeps my counts right", () => {
    const reactions = new Reactions(ME, [reaction("👍", 11, users(10))]);
    assert.equal(reactions.reacted(ME, "👍"), null);
    // I add mine (the 12th): the reply does not name me, but I know.
    reactions.apply({ userId: ME, emoji: "👍" }, true);
    reactions.reset([reaction("👍", 12, users(10))]);
    reactions.noteMine("👍", true);
    assert.deepEqual(chips(reactions), ["👍12*"]);
    assert.equal(reactions.apply({ userId: ME, emoji: "👍" }, true, 20), false);
    // I take it back: my own removed event, arriving after, is not applied twice.
    reactions.apply({ userId: ME, emoji: "👍" }, false);
    reactions.reset([reaction("👍", 11, users(10))]);
    reactions.noteMine("👍", false);
    assert.equal(reactions.apply({ userId: ME, emoji: "👍" }, false, 21), false);
    assert.deepEqual(chips(reactions), ["👍11"]);
  });

  test("a refused change is undone by its inverse", () => {
    const reactions = new Reactions(ME, [reaction("👍", 1, ["bob"])]);
    reactions.apply({ userId: ME, emoji: "👍" }, true);
    reactions.apply({ userId: ME, emoji: "👍" }, false);
    assert.deepEqual(chips(reactions), ["👍1"]);
  });
});

describe("Reactions.isFullFor", () => {
  test("a 21st emoji is refused, another of the 20 is not", () => {
    const list = Array.from({ length: MAX_EMOJI_PER_MESSAGE }, (_, i) =>
      reaction(String.fromCodePoint(0x1f600 + i), 1, ["bob"]),
    );
    const reactions = new Reactions(ME, list);
    assert.equal(reactions.isFullFor("🦄"), true);
    assert.equal(reactions.isFullFor("😀"), false);
  });
});

describe("reactorsText", () => {
  /** @param {string} id */
  const label = (id) => ({ bob: "Bob", carol: "Carol" })[id] || id;

  test("names everyone named, me first as 'You', with 'and' before the last", () => {
    const view = { emoji: "👍", count: 3, userIds: ["bob", "carol", ME], mine: true };
    assert.equal(reactorsText(view, label, ME), "You, Bob and Carol");
    assert.equal(reactorsText(view, label), "Bob, Carol and me");
    assert.equal(reactorsText({ ...view, count: 1, userIds: ["bob"] }, label, ME), "Bob");
    assert.equal(reactorsText({ ...view, count: 1, userIds: [ME] }, label, ME), "You");
  });

  test("counts those past the ten named", () => {
    const view = { emoji: "👍", count: 12, userIds: ["bob", "carol"], mine: false };
    assert.equal(reactorsText(view, label), "Bob, Carol and 10 others");
    assert.equal(reactorsText({ ...view, count: 3 }, label), "Bob, Carol and 1 other");
    assert.equal(reactorsText({ ...view, userIds: [] }, label), "12 people");
  });
});
