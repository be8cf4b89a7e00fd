// @ts-check
// The resume algorithm (resume.js): positions per group, duplicates skipped, gaps filled with
// sync while the group's live events wait, a (re)connect's hold and catch-up over every page,
// and resets loaded again.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { GAP_ATTEMPTS, GroupHistory } from "../../src/ourchat/gateway/static/resume.js";

/**
 * @import { EventFrame, HistoryHooks, SyncPosition, SyncReply } from "../../src/ourchat/gateway/static/resume.js"
 */

/**
 * @param {string} groupId
 * @param {number} seq
 * @param {string} [event]
 * @returns {EventFrame}
 */
function frame(groupId, seq, event = "message.created") {
  return { event, groupId, seq, data: { groupId, n: seq } };
}

/** A promise with its resolve and reject outside. */
function deferred() {
  /** @type {(value?: any) => void} */
  let resolve = () => {};
  /** @type {(error: unknown) => void} */
  let reject = () => {};
  /** @type {Promise<any>} */
  const promise = new Promise((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/** Let every pending promise callback run. */
async function settle() {
  for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
}

/**
 * A fake server: each group's history as a last seq, a page size, groups to reset, and a log
 * of what the client asked and applied.
 */
class World {
  constructor() {
    /** @type {Map<string, number>} */
    this.last = new Map();
    this.pageSize = 100;
    /** @type {Set<string>} */
    this.resets = new Set();
    /** @type {{groups: SyncPosition[], cursor: string | null}[]} */
    this.requests = [];
    /** @type {string[]} "group:seq" of each event applied, or the event's name for others */
    this.applied = [];
    /** @type {string[][]} */
    this.reloads = [];
    /** @type {unknown[]} */
    this.failures = [];
    /** @type {ReturnType<typeof deferred> | null} when set, the next sync waits for it */
    this.gate = null;
    /** @type {unknown} when set, the next sync fails with it */
    this.failWith = null;
    /** @type {(groupId: string) => number} where a reload puts a group */
    this.reloadAt = (groupId) => this.last.get(groupId) || 0;
    /** @type {GroupHistory} */
    this.history = new GroupHistory(this.hooks());
  }

  /** @returns {HistoryHooks} */
  hooks() {
    return {
      apply: (f) => this.applied.push(f.seq !== undefined ? `${f.groupId}:${f.seq}` : f.event),
      sync: (groups, cursor) => this.sync(groups, cursor),
      reload: async (groupIds) => {
        this.reloads.push(groupIds);
        for (const groupId of groupIds) this.history.moveTo(groupId, this.reloadAt(groupId));
      },
      lost: (error) => error === "lost",
      failed: (error) => this.failures.push(error),
      wait: async () => {},
    };
  }

  /**
   * @param {SyncPosition[]} groups
   * @param {string | null} cursor
   * @returns {Promise<SyncReply>}
   */
  async sync(groups, cursor) {
    this.requests.push({ groups: groups.map((g) => ({ ...g })), cursor });
    const gate = this.gate;
    this.gate = null;
    if (gate) await gate.promise;
    if (this.failWith !== null) {
      const error = this.failWith;
      this.failWith = null;
      throw error;
    }
    const [cutGroup, cutSeq] = cursor ? JSON.parse(cursor) : ["", 0];
    /** @type {EventFrame[]} */
    const events = [];
    /** @type {string[]} */
    const resets = [];
    const sorted = [...groups].sort((a, b) => (a.groupId < b.groupId ? -1 : 1));
    for (const { groupId, afterSeq } of sorted) {
      if (groupId < cutGroup) continue;
      if (this.resets.has(groupId)) {
        resets.push(groupId);
        continue;
      }
      const from = groupId === cutGroup ? Math.max(afterSeq, cutSeq) : afterSeq;
      for (let seq = from + 1; seq <= (this.last.get(groupId) || 0); seq += 1) {
        if (events.length === this.pageSize) {
          return { events, resets, nextCursor: JSON.stringify([groupId, seq - 1]) };
        }
        events.push(frame(groupId, seq));
      }
    }
    return { events, resets, nextCursor: null };
  }
}

describe("while live", () => {
  test("applies the next seq, skips duplicates, and moves the position", () => {
    const world = new World();
    world.history.track("G", 5);
    for (const seq of [6, 7, 7, 5, 8]) world.history.receive(frame("G", seq));
    assert.deepEqual(world.applied, ["G:6", "G:7", "G:8"]);
    assert.equal(world.history.position("G"), 8);
    assert.equal(world.requests.length, 0);
  });

  test("applies events without a seq, and those of groups it does not track, as they come", () => {
    const world = new World();
    world.history.receive({ event: "typing", groupId: "G", data: {} });
    world.history.receive({ event: "presence.changed", data: {} });
    world.history.receive(frame("NEW", 3, "member.added"));
    assert.deepEqual(world.applied, ["typing", "presence.changed", "NEW:3"]);
    assert.equal(world.history.tracks("NEW"), false);
  });

  test("tracking keeps a known position: a group loaded again does not skip its missed events", () => {
    const world = new World();
    assert.equal(world.history.track("G", 4), true);
    assert.equal(world.history.track("G", 9), false);
    assert.equal(world.history.position("G"), 4);
    world.history.moveTo("G", 9);
    assert.equal(world.history.position("G"), 9);
  });

  test("a gap syncs that group, holds its live events meanwhile, and applies them after", async () => {
    const world = new World();
    world.history.track("G", 2);
    world.history.track("H", 0);
    world.last.set("G", 6);
    const gate = deferred();
    world.gate = gate;
    world.history.receive(frame("G", 5)); // 3 and 4 are missing
    assert.deepEqual(world.requests, [{ groups: [{ groupId: "G", afterSeq: 2 }], cursor: null }]);
    // While the sync runs, G's events wait; H's do not.
    world.history.receive(frame("G", 7));
    world.history.receive(frame("G", 6));
    world.history.receive(frame("H", 1));
    assert.deepEqual(world.applied, ["H:1"]);
    gate.resolve();
    await settle();
    assert.deepEqual(world.applied, ["H:1", "G:3", "G:4", "G:5", "G:6", "G:7"]);
    assert.equal(world.history.position("G"), 7);
  });

  test("a gap that the sync cannot close is synced again, then the group is reloaded", async () => {
    const world = new World();
    world.history.track("G", 1);
    world.last.set("G", 1); // the server does not have seq 2 to give
    world.reloadAt = () => 4;
    world.history.receive(frame("G", 3));
    world.history.receive(frame("G", 5));
    await settle();
    assert.equal(world.requests.length, GAP_ATTEMPTS);
    assert.deepEqual(world.reloads, [["G"]]);
    assert.deepEqual(world.applied, ["G:5"]); // 3 is older than the reload
    assert.equal(world.history.position("G"), 5);
  });

  test("a group the sync resets is reloaded, and its held events follow from there", async () => {
    const world = new World();
    world.history.track("G", 1);
    world.resets.add("G");
    world.reloadAt = () => 10;
    world.history.receive(frame("G", 9));
    world.history.receive(frame("G", 11));
    await settle();
    assert.deepEqual(world.reloads, [["G"]]);
    assert.deepEqual(world.applied, ["G:11"]);
  });

  test("a lost connection during a gap's sync keeps the events held for the resume", async () => {
    const world = new World();
    world.history.track("G", 1);
    world.last.set("G", 4);
    world.failWith = "lost";
    world.history.receive(frame("G", 4));
    await settle();
    assert.deepEqual(world.applied, []);
    assert.equal(world.history.position("G"), 1);

    // The reconnect: hold, catch up, release.
    const release = world.history.hold();
    await world.history.catchUp();
    release();
    assert.deepEqual(world.applied, ["G:2", "G:3", "G:4"]);
    assert.equal(world.history.position("G"), 4);
  });

  test("other failures retry, and events are never stuck behind a group that cannot load", async () => {
    const world = new World();
    const history = new GroupHistory({
      ...world.hooks(),
      sync: async () => {
        throw new Error("internal");
      },
      reload: async () => {
        throw new Error("internal too");
      },
    });
    world.history = history;
    history.track("G", 1);
    history.receive(frame("G", 3));
    await settle();
    assert.equal(world.failures.length, GAP_ATTEMPTS + 1);
    assert.deepEqual(world.applied, ["G:3"]);
    assert.equal(history.position("G"), 3);
  });

  test("forgetting a group (I left it) drops its held events and stops tracking it", async () => {
    const world = new World();
    world.history.track("G", 1);
    const gate = deferred();
    world.gate = gate;
    world.history.receive(frame("G", 3));
    world.history.forget("G");
    gate.resolve();
    await settle();
    assert.deepEqual(world.applied, []);
    assert.equal(world.history.tracks("G"), false);
  });
});

describe("resume after a (re)connect", () => {
  test("holds live events, syncs every tracked group over every page, then lets them through", async () => {
    const world = new World();
    world.pageSize = 2;
    world.history.track("A", 1);
    world.history.track("B", 0);
    world.last.set("A", 4);
    world.last.set("B", 2);
    const release = world.history.hold();
    // Live pushes race the sync: some it also returns, one it does not.
    world.history.receive(frame("A", 4));
    world.history.receive(frame("B", 3));
    const done = world.history.catchUp();
    assert.deepEqual(world.applied, []);
    await done;
    assert.deepEqual(world.applied, ["A:2", "A:3", "A:4", "B:1", "B:2"]);
    // Every page names the same groups, at the positions the catch-up started from.
    const asked = [{ groupId: "A", afterSeq: 1 }, { groupId: "B", afterSeq: 0 }];
    assert.deepEqual(
      world.requests.map((r) => r.groups),
      [asked, asked, asked],
    );
    assert.deepEqual(
      world.requests.map((r) => r.cursor),
      [null, '["A",3]', '["B",1]'],
    );
    release();
    assert.deepEqual(world.applied.slice(5), ["B:3"]);
    assert.equal(world.history.position("A"), 4);
    assert.equal(world.history.position("B"), 3);
  });

  test("reloads the groups in resets, and their held events follow from the new position", async () => {
    const world = new World();
    world.history.track("A", 1);
    world.history.track("B", 1);
    world.last.set("A", 2);
    world.resets.add("B");
    world.reloadAt = () => 40;
    const release = world.history.hold();
    world.history.receive(frame("B", 40));
    world.history.receive(frame("B", 41));
    await world.history.catchUp();
    release();
    assert.deepEqual(world.reloads, [["B"]]);
    assert.deepEqual(world.applied, ["A:2", "B:41"]);
  });

  test("can catch up some groups only (those gone from listGroups after a reload)", async () => {
    const world = new World();
    world.history.track("A", 1);
    world.history.track("GONE", 3);
    world.last.set("A", 5);
    world.last.set("GONE", 4);
    await world.history.catchUp(["GONE", "UNTRACKED"]);
    assert.deepEqual(world.requests[0].groups, [{ groupId: "GONE", afterSeq: 3 }]);
    assert.deepEqual(world.applied, ["GONE:4"]);
  });

  test("a failed catch-up rejects and keeps the live events held until a later one", async () => {
    const world = new World();
    world.history.track("A", 0);
    world.last.set("A", 2);
    let release = world.history.hold();
    world.history.receive(frame("A", 2));
    world.failWith = "lost";
    await assert.rejects(world.history.catchUp());
    // The resume's finally releases the hold: the gap's sync fails too (still offline).
    world.failWith = "lost";
    release();
    await settle();
    assert.deepEqual(world.applied, []);
    release = world.history.hold();
    await world.history.catchUp();
    release();
    assert.deepEqual(world.applied, ["A:1", "A:2"]);
  });

  test("a handler that throws stops neither the others nor the positions", () => {
    /** @type {string[]} */
    const applied = [];
    /** @type {unknown[]} */
    const failures = [];
    const history = new GroupHistory({
      apply: (f) => {
        applied.push(String(f.seq));
        if (f.seq === 2) throw new Error("bug");
      },
      sync: async () => ({}),
      reload: async () => {},
      failed: (error) => failures.push(error),
    });
    history.track("G", 0);
    for (const seq of [1, 2, 3]) history.receive(frame("G", seq));
    assert.deepEqual(applied, ["1", "2", "3"]);
    assert.equal(failures.length, 1);
    assert.equal(history.position("G"), 3);
  });

  test("snapshot lists the positions, and `moved` hears each change", () => {
    let moves = 0;
    const history = new GroupHistory({
      apply: () => {},
      sync: async () => ({}),
      reload: async () => {},
      moved: () => {
        moves += 1;
      },
    });
    history.track("G", 3);
    history.receive(frame("G", 4));
    history.receive(frame("G", 4));
    history.forget("G");
    history.forget("G");
    assert.equal(moves, 3);
    history.track("H", 1);
    assert.deepEqual(history.snapshot(), [["H", 1]]);
  });
});
