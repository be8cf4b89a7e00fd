// @ts-check
// The thread's messages as the client knows them (thread_messages.js): copies merged, edits
// never undone by an older copy, tombstones final, and the quotes of replies to a deleted
// message.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  mergeMessage,
  ThreadMessages,
  tombstoneOf,
} from "../../src/ourchat/gateway/static/thread_messages.js";

/** @import { Message } from "../../src/ourchat/gateway/static/api.js" */

const ME = "me";

/**
 * @param {string} messageId
 * @param {Partial<Message>} [fields]
 * @returns {Message}
 */
function message(messageId, fields = {}) {
  return {
    messageId,
    groupId: "g",
    threadId: "t",
    content: `text of ${messageId}`,
    senderUserId: "bob",
    createdAt: "2026-12-01T10:00:00.000Z",
    ...fields,
  };
}

const DELETED_AT = "2026-12-01T11:00:00.000Z";

describe("mergeMessage", () => {
  test("a newer copy wins", () => {
    const edited = message("m1", { content: "fixed", editedAt: "2026-12-01T10:05:00.000Z" });
    assert.deepEqual(mergeMessage(message("m1"), edited), edited);
  });

  test("an older copy keeps the newer edit", () => {
    const edited = message("m1", { content: "fixed", editedAt: "2026-12-01T10:05:00.000Z" });
    const merged = mergeMessage(edited, message("m1", { reactions: [] }));
    assert.equal(merged.content, "fixed");
    assert.equal(merged.editedAt, edited.editedAt);
  });

  test("a deletion is final, and a deleted copy is a tombstone", () => {
    const tombstone = tombstoneOf(message("m1", { reactions: [] }), DELETED_AT);
    assert.deepEqual(mergeMessage(tombstone, message("m1")), tombstone);
    const deleted = message("m1", { content: "left over", deletedAt: DELETED_AT });
    assert.equal(mergeMessage(message("m1"), deleted).content, "");
  });

  test("a quote known to be of a deleted message stays so", () => {
    const gone = { messageId: "m0", senderUserId: "carol", deleted: true };
    const quoted = { messageId: "m0", senderUserId: "carol", excerpt: "hi" };
    const known = message("m1", { replyTo: gone });
    const merged = mergeMessage(known, message("m1", { replyTo: quoted }));
    assert.deepEqual(merged.replyTo, gone);
  });
});

describe("tombstoneOf", () => {
  test("keeps the place and the sender, drops content, reactions and reply", () => {
    const original = message("m1", {
      reactions: [{ emoji: "👍", count: 1, userIds: ["bob"] }],
      replyTo: { messageId: "m0", senderUserId: "carol", excerpt: "hi" },
    });
    const tombstone = tombstoneOf(original, DELETED_AT);
    assert.equal(tombstone.content, "");
    assert.equal(tombstone.deletedAt, DELETED_AT);
    assert.equal(tombstone.senderUserId, "bob");
    assert.equal("reactions" in tombstone, false);
    assert.equal("replyTo" in tombstone, false);
  });
});

describe("ThreadMessages", () => {
  test("update changes only a message on screen", () => {
    const messages = new ThreadMessages(ME);
    messages.put(message("m1"));
    const edit = message("m1", { content: "fixed", editedAt: DELETED_AT });
    assert.equal(messages.update(edit)?.message.content, "fixed");
    assert.equal(messages.update(message("m9")), undefined);
    assert.equal(messages.has("m9"), false);
  });

  test("a copy's reactions replace the ones known", () => {
    const messages = new ThreadMessages(ME);
    messages.put(message("m1", { reactions: [{ emoji: "👍", count: 1, userIds: ["bob"] }] }));
    const reactions = [{ emoji: "🎉", count: 2, userIds: [ME, "bob"] }];
    const view = messages.put(message("m1", { reactions }));
    assert.deepEqual(
      view.reactions.list().map((r) => [r.emoji, r.count, r.mine]),
      [["🎉", 2, true]],
    );
  });

  test("delete makes a tombstone and marks the replies quoting it", () => {
    const messages = new ThreadMessages(ME);
    messages.put(message("m1", { reactions: [{ emoji: "👍", count: 1, userIds: ["bob"] }] }));
    const quote = { messageId: "m1", senderUserId: "bob", excerpt: "text of m1" };
    messages.put(message("m2", { senderUserId: ME, replyTo: quote }));
    messages.put(message("m3"));
    const deleted = { groupId: "g", threadId: "t", messageId: "m1", deletedAt: DELETED_AT };
    assert.deepEqual(messages.delete(deleted), ["m1", "m2"]);
    assert.equal(messages.get("m1")?.message.content, "");
    assert.deepEqual(messages.get("m1")?.reactions.list(), []);
    assert.deepEqual(messages.get("m2")?.message.replyTo, {
      messageId: "m1",
      senderUserId: "bob",
      deleted: true,
    });
    // Twice changes nothing.
    assert.deepEqual(messages.delete(deleted), []);
  });

  test("a reply whose original is not on screen is marked too", () => {
    const messages = new ThreadMessages(ME);
    const quote = { messageId: "old", senderUserId: "bob", excerpt: "long ago" };
    messages.put(message("m2", { replyTo: quote }));
    assert.deepEqual(
      messages.delete({ groupId: "g", threadId: "t", messageId: "old", deletedAt: DELETED_AT }),
      ["m2"],
    );
  });

  test("reactions change on known messages only, and never on a tombstone", () => {
    const messages = new ThreadMessages(ME);
    messages.put(message("m1"));
    const change = { groupId: "g", threadId: "t", messageId: "m1", userId: "bob", emoji: "👍" };
    assert.equal(messages.react(change, true, 1), true);
    assert.equal(messages.react({ ...change, messageId: "m9" }, true, 2), false);
    messages.delete({ groupId: "g", threadId: "t", messageId: "m1", deletedAt: DELETED_AT });
    assert.equal(messages.react({ ...change, userId: "carol" }, true, 3), false);
  });
});
