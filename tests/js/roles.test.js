// @ts-check
// Who may do what (roles.js): the actions the client offers for each role.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  canRenameThread,
  compareMembers,
  isManager,
  memberActions,
  messageActions,
  roleLabel,
} from "../../src/ourchat/gateway/static/roles.js";

const ME = "me";

/**
 * @param {string} userId
 * @param {string} role
 * @param {string} [userName]
 */
function member(userId, role, userName = userId) {
  return { userId, role, userName };
}

describe("memberActions", () => {
  test("the owner may change roles, hand ownership on and remove anyone else", () => {
    assert.deepEqual(memberActions("owner", ME, member("a", "member")), [
      "makeAdmin",
      "makeOwner",
      "remove",
    ]);
    assert.deepEqual(memberActions("owner", ME, member("b", "admin")), [
      "makeMember",
      "makeOwner",
      "remove",
    ]);
  });

  test("an admin may remove plain members only", () => {
    assert.deepEqual(memberActions("admin", ME, member("a", "member")), ["remove"]);
    assert.deepEqual(memberActions("admin", ME, member("b", "admin")), []);
    assert.deepEqual(memberActions("admin", ME, member("c", "owner")), []);
  });

  test("a member, or a caller whose role is not known yet, may do nothing to others", () => {
    for (const role of ["member", null, undefined, "visitor"]) {
      assert.deepEqual(memberActions(role, ME, member("a", "member")), [], String(role));
    }
  });

  test("nobody is offered an action on themself or on the owner", () => {
    for (const role of ["owner", "admin", "member"]) {
      assert.deepEqual(memberActions("owner", ME, member(ME, role)), []);
      assert.deepEqual(memberActions(role, ME, member("o", "owner")), []);
    }
  });
});

test("isManager: the owner and admins only", () => {
  assert.equal(isManager("owner"), true);
  assert.equal(isManager("admin"), true);
  assert.equal(isManager("member"), false);
  assert.equal(isManager(null), false);
  assert.equal(isManager(undefined), false);
});

test("canRenameThread: the owner, an admin, or the thread's creator", () => {
  const mine = { creatorUserId: ME };
  const theirs = { creatorUserId: "someone" };
  assert.equal(canRenameThread("owner", ME, theirs), true);
  assert.equal(canRenameThread("admin", ME, theirs), true);
  assert.equal(canRenameThread("member", ME, mine), true);
  assert.equal(canRenameThread(null, ME, mine), true);
  assert.equal(canRenameThread("member", ME, theirs), false);
  assert.equal(canRenameThread("member", ME, {}), false);
  assert.equal(canRenameThread("member", "", {}), false);
});

test("roleLabel names the roles, and shows an unknown one as it is", () => {
  assert.equal(roleLabel("owner"), "Owner");
  assert.equal(roleLabel("admin"), "Admin");
  assert.equal(roleLabel("member"), "Member");
  assert.equal(roleLabel("guest"), "guest");
});

test("compareMembers: the owner, then admins, then members, each by name, then by id", () => {
  const members = [
    member("m2", "member", "bea"),
    member("a1", "admin", "Zed"),
    member("m1", "member", "Ann"),
    member("o", "owner", "Yann"),
    member("m4", "member", "ann"),
    member("a2", "admin", "Abe"),
    member("x", "guest", "Al"),
  ];
  assert.deepEqual(
    members.sort(compareMembers).map((m) => m.userId),
    ["o", "a2", "a1", "m1", "m4", "m2", "x"],
  );
});

describe("messageActions", () => {
  const mine = { senderUserId: ME };
  const theirs = { senderUserId: "someone" };

  test("my own message: react, reply, edit and delete, whatever my role", () => {
    for (const role of ["owner", "admin", "member", null]) {
      assert.deepEqual(messageActions(role, ME, mine), ["react", "reply", "edit", "delete"]);
    }
  });

  test("another's message: the owner and admins may delete it, nobody edits it", () => {
    assert.deepEqual(messageActions("owner", ME, theirs), ["react", "reply", "delete"]);
    assert.deepEqual(messageActions("admin", ME, theirs), ["react", "reply", "delete"]);
    assert.deepEqual(messageActions("member", ME, theirs), ["react", "reply"]);
    assert.deepEqual(messageActions(null, ME, theirs), ["react", "reply"]);
  });

  test("nothing on a deleted message", () => {
    const deletedAt = "2026-12-01T10:00:00.000Z";
    assert.deepEqual(messageActions("owner", ME, { ...mine, deletedAt }), []);
    assert.deepEqual(messageActions("member", ME, { ...theirs, deletedAt }), []);
  });
});
