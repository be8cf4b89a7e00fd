// @ts-check
// The pure parts of connection.js: the reconnect backoff and RequestError.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  MAX_DELAY_MS,
  MIN_DELAY_MS,
  RequestError,
  backoffDelay,
} from "../../src/ourchat/gateway/static/connection.js";

describe("backoffDelay", () => {
  test("doubles from 500 ms up to the 15 s cap", () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 30].map((attempt) => backoffDelay(attempt, () => 1));
    assert.deepEqual(ceilings, [500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
    assert.equal(backoffDelay(0, () => 1), MIN_DELAY_MS);
    assert.equal(backoffDelay(99, () => 1), MAX_DELAY_MS);
  });

  test("jitter takes off at most half", () => {
    const floors = [0, 1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, () => 0));
    assert.deepEqual(floors, [250, 500, 1000, 2000, 4000, 7500, 7500]);
    assert.equal(backoffDelay(3, () => 0.5), 3000);
  });

  test("every delay is whole milliseconds in [ceiling / 2, ceiling]", () => {
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const ceiling = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** attempt);
      for (const random of [0, 0.123, 0.5, 0.999_999]) {
        const delay = backoffDelay(attempt, () => random);
        assert.ok(Number.isInteger(delay), `${delay} is whole`);
        assert.ok(delay >= ceiling / 2 && delay <= ceiling, `${delay} for attempt ${attempt}`);
      }
    }
  });

  test("a huge attempt count stays finite, with Math.random by default", () => {
    for (const attempt of [1_000, 1_000_000, Number.MAX_SAFE_INTEGER]) {
      const delay = backoffDelay(attempt);
      assert.ok(delay >= MAX_DELAY_MS / 2 && delay <= MAX_DELAY_MS, `${delay}`);
    }
  });
});

describe("RequestError", () => {
  test("is an Error with the server's code", () => {
    const error = new RequestError("forbidden", "not a member");
    assert.ok(error instanceof Error);
    assert.equal(error.name, "RequestError");
    assert.equal(error.code, "forbidden");
    assert.equal(error.message, "not a member");
  });

  test("is unanswered only when no reply came: it may then be sent again", () => {
    for (const code of ["offline", "disconnected", "timeout"]) {
      assert.equal(new RequestError(code, "").unanswered, true, code);
    }
    for (const code of ["bad_request", "forbidden", "internal", "too_large"]) {
      assert.equal(new RequestError(code, "").unanswered, false, code);
    }
  });
});
