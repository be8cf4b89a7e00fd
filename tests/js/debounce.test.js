// @ts-check
// debounce (debounce.js): one run once the calls pause, with the last call's arguments.

import assert from "node:assert/strict";
import { test } from "node:test";

import { debounce } from "../../src/ourchat/gateway/static/debounce.js";

/** Timers that run only when told to: `advance(ms)` moves the clock on. */
function fakeTimers() {
  let now = 0;
  let nextId = 1;
  /** @type {Map<number, {at: number, callback: () => void}>} */
  const timers = new Map();
  return {
    /**
     * @param {() => void} callback
     * @param {number} ms
     */
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    /** @param {number} id */
    clearTimeout(id) {
      timers.delete(id);
    },
    /** @param {number} ms */
    advance(ms) {
      now += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.at <= now) {
          timers.delete(id);
          timer.callback();
        }
      }
    },
    get scheduled() {
      return timers.size;
    },
  };
}

/** A debounced recorder of its calls, waiting 250 ms. */
function recorder() {
  const timers = fakeTimers();
  /** @type {string[]} */
  const calls = [];
  const debounced = debounce((/** @type {string} */ text) => calls.push(text), 250, timers);
  return { timers, calls, debounced };
}

test("runs once, with the last arguments, after the calls pause", () => {
  const { timers, calls, debounced } = recorder();
  debounced("a");
  timers.advance(100);
  debounced("al");
  timers.advance(100);
  debounced("ali");
  timers.advance(249);
  assert.deepEqual(calls, []);
  assert.equal(debounced.pending, true);
  timers.advance(1);
  assert.deepEqual(calls, ["ali"]);
  assert.equal(debounced.pending, false);
  assert.equal(timers.scheduled, 0);
});

test("each pause runs it again", () => {
  const { timers, calls, debounced } = recorder();
  debounced("bo");
  timers.advance(250);
  debounced("bob");
  timers.advance(250);
  assert.deepEqual(calls, ["bo", "bob"]);
});

test("cancel drops the pending run", () => {
  const { timers, calls, debounced } = recorder();
  debounced("x");
  debounced.cancel();
  timers.advance(1000);
  assert.deepEqual(calls, []);
  assert.equal(debounced.pending, false);
  assert.equal(timers.scheduled, 0);
});

test("flush runs the pending call now, once; with nothing pending it does nothing", () => {
  const { timers, calls, debounced } = recorder();
  debounced.flush();
  assert.deepEqual(calls, []);
  debounced("now");
  debounced.flush();
  assert.deepEqual(calls, ["now"]);
  timers.advance(1000);
  assert.deepEqual(calls, ["now"]);
});

test("uses the global timers by default", async () => {
  /** @type {number[]} */
  const calls = [];
  const debounced = debounce((/** @type {number} */ n) => calls.push(n), 1);
  debounced(1);
  debounced(2);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(calls, [2]);
});
