// @ts-check
// Typing (typing.js): who shows as typing and for how long, the line's words, and how often
// my own typing is told.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  TYPING_SENT_EVERY_MS,
  TYPING_SHOWN_MS,
  TypingBoard,
  TypingSender,
  typingText,
} from "../../src/ourchat/gateway/static/typing.js";

describe("typingText", () => {
  test("names one or two people, and says several past two", () => {
    assert.equal(typingText([]), "");
    assert.equal(typingText(["Ada"]), "Ada is typing…");
    assert.equal(typingText(["Ada", "Bo"]), "Ada and Bo are typing…");
    assert.equal(typingText(["Ada", "Bo", "Cy"]), "Several people are typing…");
    assert.equal(typingText(["Ada", "Bo", "Cy", "Di"]), "Several people are typing…");
  });
});

describe("TypingBoard", () => {
  test("shows each person for 5 s after their last typing event", () => {
    const board = new TypingBoard();
    board.note("T1", "ada", 1_000);
    assert.deepEqual(board.typers("T1", 1_000 + TYPING_SHOWN_MS - 1), ["ada"]);
    assert.deepEqual(board.typers("T1", 1_000 + TYPING_SHOWN_MS), []);
    assert.equal(board.nextChangeIn("T1", 6_000), null);
  });

  test("another event keeps them on; the line changes when the first of them ends", () => {
    const board = new TypingBoard();
    board.note("T1", "ada", 0);
    board.note("T1", "bo", 1_000);
    board.note("T1", "ada", 3_000);
    assert.equal(board.nextChangeIn("T1", 3_000), 3_000); // bo's end, at 6 s
    assert.deepEqual(board.typers("T1", 5_999), ["ada", "bo"]);
    assert.deepEqual(board.typers("T1", 6_000), ["ada"]);
    assert.equal(board.nextChangeIn("T1", 6_000), 2_000);
    assert.deepEqual(board.typers("T1", 8_000), []);
  });

  test("keeps the order people started in, even when one types again", () => {
    const board = new TypingBoard();
    board.note("T1", "cy", 0);
    board.note("T1", "ada", 10);
    board.note("T1", "cy", 20);
    assert.deepEqual(board.typers("T1", 30), ["cy", "ada"]);
    // Once over, starting again puts them last.
    board.note("T1", "cy", 10_000);
    board.note("T1", "ada", 10_001);
    board.note("T1", "cy", 20_000);
    assert.deepEqual(board.typers("T1", 20_000), ["cy"]);
  });

  test("is per thread, and a person's message stops them at once", () => {
    const board = new TypingBoard();
    board.note("T1", "ada", 0);
    board.note("T2", "bo", 0);
    assert.equal(board.stop("T1", "ada"), true);
    assert.equal(board.stop("T1", "ada"), false);
    assert.equal(board.stop("T9", "ada"), false);
    assert.deepEqual(board.typers("T1", 1), []);
    assert.deepEqual(board.typers("T2", 1), ["bo"]);
    board.clear();
    assert.deepEqual(board.typers("T2", 1), []);
  });
});

describe("TypingSender", () => {
  test("tells at most every 2.5 s per thread while the user types", () => {
    /** @type {string[]} */
    const told = [];
    const sender = new TypingSender((threadId) => told.push(threadId));
    const keys = [0, 100, 200, 1_000, TYPING_SENT_EVERY_MS - 1, TYPING_SENT_EVERY_MS, 3_000];
    const sent = keys.map((now) => sender.input("T1", "hello", now));
    assert.deepEqual(sent, [true, false, false, false, false, true, false]);
    assert.deepEqual(told, ["T1", "T1"]);
  });

  test("tells at once in another thread, and never for an empty box", () => {
    /** @type {string[]} */
    const told = [];
    const sender = new TypingSender((threadId) => told.push(threadId));
    assert.equal(sender.input("T1", "   ", 0), false);
    assert.equal(sender.input(null, "hi", 0), false);
    assert.equal(sender.input("T1", "hi", 0), true);
    assert.equal(sender.input("T2", "hi", 10), true);
    assert.equal(sender.input("T1", "hi", 20), true);
    assert.deepEqual(told, ["T1", "T2", "T1"]);
  });
});
