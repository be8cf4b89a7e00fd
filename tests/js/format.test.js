// @ts-check
// The client's texts (format.js): times, lengths, the status bar, error messages.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { RequestError } from "../../src/ourchat/gateway/static/connection.js";
import {
  codePoints,
  errorText,
  excerptOf,
  failureText,
  fullTime,
  shortTime,
  statusText,
} from "../../src/ourchat/gateway/static/format.js";

const ISO = "2026-03-03T14:05:00.000Z";
const DAY_MS = 24 * 60 * 60 * 1000;

describe("shortTime", () => {
  test("today: the clock alone, two-digit hour and minute", () => {
    const today = shortTime(ISO, new Date(ISO));
    const clock = new Date(ISO).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    assert.equal(today, clock);
    assert.match(today, /\d\d\D\d\d/);
  });

  test("another day: the day and month too", () => {
    const today = shortTime(ISO, new Date(ISO));
    const earlier = shortTime(ISO, new Date(Date.parse(ISO) + 2 * DAY_MS));
    assert.notEqual(earlier, today);
    assert.ok(earlier.includes(today), `${earlier} shows the clock ${today}`);
    assert.ok(earlier.includes(new Date(ISO).toLocaleString([], { month: "short" })));
  });

  test("now is the default for today", () => {
    const now = new Date().toISOString();
    assert.equal(shortTime(now), shortTime(now, new Date()));
  });

  test("text that is not a date comes back as it is", () => {
    assert.equal(shortTime("yesterday-ish"), "yesterday-ish");
    assert.equal(fullTime("yesterday-ish"), "yesterday-ish");
  });
});

test("fullTime is the local date and time", () => {
  assert.equal(fullTime(ISO), new Date(ISO).toLocaleString());
});

test("codePoints counts code points, as the server does, not UTF-16 units", () => {
  assert.equal(codePoints(""), 0);
  assert.equal(codePoints("hello"), 5);
  assert.equal("😀".length, 2);
  assert.equal(codePoints("😀"), 1);
  assert.equal(codePoints("e\u0301"), 2); // a combining accent is a code point of its own
  assert.equal(codePoints("😀".repeat(4000)), 4000);
});

describe("statusText", () => {
  test("a label for each steady status", () => {
    assert.equal(statusText("connecting"), "Connecting…");
    assert.equal(statusText("online"), "Online");
    assert.equal(statusText("stopped"), "Signed out");
    assert.equal(statusText("online", 123), "Online");
  });

  test("reconnecting counts whole seconds up to the next attempt", () => {
    const now = 1_000_000;
    assert.equal(statusText("reconnecting", now + 4001, now), "Reconnecting in 5 s");
    assert.equal(statusText("reconnecting", now + 1000, now), "Reconnecting in 1 s");
    assert.equal(statusText("reconnecting", now + 1, now), "Reconnecting in 1 s");
  });

  test("reconnecting without a time, or when it is due, has no count", () => {
    const now = 1_000_000;
    assert.equal(statusText("reconnecting"), "Reconnecting…");
    assert.equal(statusText("reconnecting", now, now), "Reconnecting…");
    assert.equal(statusText("reconnecting", now - 5000, now), "Reconnecting…");
  });
});

describe("errorText", () => {
  test("an error's message", () => {
    assert.equal(errorText(new Error("boom")), "boom");
    assert.equal(errorText(new RequestError("offline", "the chat server cannot be reached")),
      "the chat server cannot be reached");
    assert.equal(errorText({ message: 42 }), "42");
  });

  test("the value itself when there is no message", () => {
    assert.equal(errorText(new Error("")), "Error");
    assert.equal(errorText("plain text"), "plain text");
    assert.equal(errorText(null), "null");
    assert.equal(errorText(undefined), "undefined");
  });
});

describe("failureText", () => {
  test("says what could not be done, and why", () => {
    assert.equal(failureText(new Error("forbidden"), "load the threads"),
      "Could not load the threads: forbidden");
    assert.equal(failureText(new Error("forbidden")), "forbidden");
  });

  test("an empty message stays empty; a message that is not text is not used", () => {
    assert.equal(failureText(new Error(""), "send"), "Could not send: ");
    assert.equal(failureText({ message: 42 }, "send"), "Could not send: [object Object]");
    assert.equal(failureText("gone", "send"), "Could not send: gone");
  });
});

describe("excerptOf", () => {
  test("splits no emoji and no accented letter", () => {
    /** @param {number} n */
    const a = (n) => "a".repeat(n);
    assert.equal(excerptOf(a(137) + "👨\u200d👩\u200d👧" + "b"), a(137));
    assert.equal(excerptOf(a(139) + "e\u0301b"), a(139));
    assert.equal(excerptOf(a(139) + "🇫🇷b"), a(139));
    assert.equal(excerptOf(a(138) + "🇫🇷b"), a(138) + "🇫🇷");
  });
  test("quotes the first 140 characters, counting code points as the server does", () => {
    assert.equal(excerptOf("short"), "short");
    assert.equal(excerptOf("x".repeat(200)), "x".repeat(140));
    const emoji = "😀".repeat(150);
    assert.equal(excerptOf(emoji), "😀".repeat(140));
  });
});
