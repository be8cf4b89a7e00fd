// @ts-check
// Outbox (outbox.js): sends that survive timeouts, reconnects and reloads, each under one
// clientMessageId. A fake api answers when the test says so; localStorage is an in-memory stub.

import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { setImmediate as settled } from "node:timers/promises";

import { RequestError } from "../../src/ourchat/gateway/static/connection.js";
import { Outbox } from "../../src/ourchat/gateway/static/outbox.js";

/** @import { ChatApi, Message } from "../../src/ourchat/gateway/static/api.js" */
/** @import { ConnectionStatus } from "../../src/ourchat/gateway/static/connection.js" */

const KEY = "ourchat.outbox.alice";

/**
 * Storage in memory; `refuse` makes writes throw, as some private windows do.
 * @implements {Storage}
 */
class MemoryStorage {
  /** @type {Map<string, string>} */
  items = new Map();
  refuse = false;

  get length() {
    return this.items.size;
  }

  /** @param {number} index */
  key(index) {
    return [...this.items.keys()][index] ?? null;
  }

  /** @param {string} key */
  getItem(key) {
    return this.items.get(key) ?? null;
  }

  /**
   * @param {string} key
   * @param {string} value
   */
  setItem(key, value) {
    if (this.refuse) throw new Error("QuotaExceededError");
    this.items.set(key, String(value));
  }

  /** @param {string} key */
  removeItem(key) {
    this.items.delete(key);
  }

  clear() {
    this.items.clear();
  }
}

/**
 * @typedef {{
 *   action: string,
 *   fields: Record<string, unknown>,
 *   resolve: (data: unknown) => void,
 *   reject: (error: unknown) => void,
 * }} Call
 */

/** A ChatApi whose requests wait until the test answers them. */
class FakeApi {
  /** @type {ConnectionStatus} */
  status = "online";
  /** @type {Call[]} */
  calls = [];

  /**
   * @param {string} action
   * @param {Record<string, unknown>} [fields]
   * @returns {Promise<any>}
   */
  request(action, fields = {}) {
    return new Promise((resolve, reject) => this.calls.push({ action, fields, resolve, reject }));
  }

  /** The clientMessageIds of every sendMessage so far, in order. */
  sentIds() {
    return this.calls.map((call) => call.fields.clientMessageId);
  }
}

/** @type {MemoryStorage} */
let storage;
/** @type {FakeApi} */
let api;
/** @type {{error: unknown, doing: string}[]} */
let reports;

beforeEach(() => {
  storage = new MemoryStorage();
  globalThis.localStorage = storage;
  api = new FakeApi();
  reports = [];
});

function newOutbox() {
  /** @type {ChatApi} */
  const chatApi = api;
  return new Outbox(chatApi, KEY, (error, doing) => reports.push({ error, doing }));
}

/**
 * The message the server stores for a call to sendMessage.
 * @param {Call} call
 * @returns {Message}
 */
function stored(call) {
  const { groupId, threadId, content, clientMessageId } = call.fields;
  return /** @type {Message} */ ({
    messageId: `m-${clientMessageId}`,
    groupId,
    threadId,
    content,
    clientMessageId,
    senderUserId: "alice",
    createdAt: "2026-03-03T14:05:00.000Z",
  });
}

/** @param {Outbox} outbox */
function states(outbox) {
  return outbox.entries().map((entry) => entry.state);
}

/** @returns {unknown[]} what is saved under KEY, parsed. */
function saved() {
  return JSON.parse(storage.getItem(KEY) ?? "null");
}

describe("send", () => {
  test("sends sendMessage with a fresh clientMessageId, keeps the entry until the reply", () => {
    const outbox = newOutbox();
    outbox.send("g1", "t1", "hello");
    assert.equal(api.calls.length, 1);
    const [call] = api.calls;
    assert.equal(call.action, "sendMessage");
    const { clientMessageId } = call.fields;
    assert.match(String(clientMessageId), /^[0-9a-f-]{36}$/);
    const fields = { groupId: "g1", threadId: "t1", content: "hello", clientMessageId };
    assert.deepEqual(call.fields, fields);
    assert.deepEqual(states(outbox), ["sending"]);
    assert.deepEqual(saved(), [
      { clientMessageId, groupId: "g1", threadId: "t1", content: "hello", state: "sending" },
    ]);
  });

  test("the reply acknowledges it: the entry goes, 'sent' carries the stored message", async () => {
    const outbox = newOutbox();
    /** @type {unknown[]} */
    const sent = [];
    let changes = 0;
    outbox.addEventListener("sent", (event) => {
      sent.push(/** @type {CustomEvent} */ (event).detail);
    });
    outbox.addEventListener("change", () => (changes += 1));
    outbox.send("g1", "t1", "hello");
    assert.equal(changes, 1);
    const message = stored(api.calls[0]);
    api.calls[0].resolve(message);
    await settled();
    assert.deepEqual(outbox.entries(), []);
    assert.deepEqual(sent, [message]);
    assert.equal(changes, 2);
    assert.equal(storage.getItem(KEY), null, "nothing left to save");
  });

  test("each send has its own clientMessageId, and entries keep the order they were typed", () => {
    const outbox = newOutbox();
    outbox.send("g1", "t1", "one");
    outbox.send("g1", "t2", "two");
    const ids = api.sentIds();
    assert.notEqual(ids[0], ids[1]);
    assert.deepEqual(outbox.entries().map((entry) => entry.content), ["one", "two"]);
  });
});

describe("a reply", () => {
  test("carries replyToMessageId, and keeps what it quotes, also across a reload", () => {
    const replyTo = { messageId: "m-0", senderUserId: "bob", excerpt: "lunch?" };
    newOutbox().send("g1", "t1", "yes", replyTo);
    const [call] = api.calls;
    assert.equal(call.fields.replyToMessageId, "m-0");
    assert.equal("replyTo" in call.fields, false, "the quote itself stays on the client");
    const [entry] = newOutbox().entries();
    assert.deepEqual(entry.replyTo, replyTo);
    newOutbox().resendAll();
    assert.deepEqual(
      api.calls.map((one) => one.fields.replyToMessageId),
      ["m-0", "m-0"],
    );
  });
});

describe("no reply", () => {
  test("a timeout while online sends again at once, with the same clientMessageId", async () => {
    const outbox = newOutbox();
    outbox.send("g1", "t1", "hello");
    api.calls[0].reject(new RequestError("timeout", "no reply"));
    await settled();
    assert.equal(api.calls.length, 2);
    assert.equal(api.sentIds()[1], api.sentIds()[0]);
    assert.deepEqual(states(outbox), ["sending"]);
    assert.deepEqual(reports, []);
  });

  test("a lost connection keeps it 'sending' until resendAll, after the reconnect", async () => {
    const outbox = newOutbox();
    outbox.send("g1", "t1", "hello");
    api.status = "reconnecting";
    api.calls[0].reject(new RequestError("disconnected", "the connection was lost"));
    await settled();
    assert.equal(api.calls.length, 1);
    assert.deepEqual(states(outbox), ["sending"]);
    api.status = "online";
    outbox.resendAll();
    assert.equal(api.calls.length, 2);
    assert.equal(api.sentIds()[1], api.sentIds()[0]);
    assert.deepEqual(reports, []);
  });

  test("a timeout while reconnecting waits for resendAll too", async () => {
    const outbox = newOutbox();
    outbox.send("g1", "t1", "hello");
    api.status = "reconnecting";
    api.calls[0].reject(new RequestError("timeout", "no reply"));
    await settled();
    assert.equal(api.calls.length, 1);
  });

  test("resendAll does not send again what still awaits its reply", () => {
    const outbox = newOutbox();
    outbox.send("g1", "t1", "hello");
    outbox.resendAll();
    outbox.resendAll();
    assert.equal(api.calls.length, 1);
  });
});

describe("refused", () => {
  test("a send the server refuses is 'failed', with the reason, and reported", async () => {
    const outbox = newOutbox();
    outbox.send("g1", "t1", "hello");
    const error = new RequestError("forbidden", "not a member");
    api.calls[0].reject(error);
    await settled();
    const [entry] = outbox.entries();
    assert.equal(entry.state, "failed");
    assert.equal(entry.error, "not a member");
    assert.deepEqual(reports, [{ error, doing: "send the message" }]);
    assert.equal(api.calls.length, 1, "a refused send is not sent again by itself");
    outbox.resendAll();
    assert.equal(api.calls.length, 1, "nor on reconnect");
  });

  test("retry sends it again with the same clientMessageId", async () => {
    const outbox = newOutbox();
    outbox.send("g1", "t1", "hello");
    api.calls[0].reject(new RequestError("internal", "the server failed"));
    await settled();
    outbox.entries()[0].retry();
    assert.deepEqual(states(outbox), ["sending"]);
    assert.equal(outbox.entries()[0].error, undefined);
    assert.equal(api.calls.length, 2);
    assert.equal(api.sentIds()[1], api.sentIds()[0]);
  });

  test("discard drops it", async () => {
    const outbox = newOutbox();
    outbox.send("g1", "t1", "hello");
    api.calls[0].reject(new RequestError("too_large", "too long"));
    await settled();
    outbox.entries()[0].discard();
    assert.deepEqual(outbox.entries(), []);
    assert.equal(storage.getItem(KEY), null);
  });

  test("a refusal after the entry was acknowledged elsewhere changes nothing", async () => {
    const outbox = newOutbox();
    outbox.send("g1", "t1", "hello");
    outbox.acked(stored(api.calls[0]));
    api.calls[0].reject(new RequestError("internal", "late"));
    await settled();
    assert.deepEqual(outbox.entries(), []);
    assert.deepEqual(reports, []);
  });
});

describe("acked", () => {
  test("a message.created event or a fetched page acknowledges a pending send", () => {
    const outbox = newOutbox();
    outbox.send("g1", "t1", "hello");
    outbox.acked(stored(api.calls[0]));
    assert.deepEqual(outbox.entries(), []);
  });

  test("messages without a clientMessageId, or not mine, change nothing", () => {
    const outbox = newOutbox();
    let changes = 0;
    outbox.send("g1", "t1", "hello");
    outbox.addEventListener("change", () => (changes += 1));
    const other = stored(api.calls[0]);
    delete other.clientMessageId;
    outbox.acked(other);
    outbox.acked({ ...other, clientMessageId: "someone-else" });
    assert.equal(outbox.entries().length, 1);
    assert.equal(changes, 0);
  });
});

describe("storage", () => {
  test("unsent messages survive a reload, and go once the connection is back", () => {
    newOutbox().send("g1", "t1", "hello");
    const [firstId] = api.sentIds();
    const reloaded = newOutbox();
    const [entry] = reloaded.entries();
    assert.equal(reloaded.entries().length, 1);
    assert.deepEqual(
      { clientMessageId: entry.clientMessageId, content: entry.content, state: entry.state },
      { clientMessageId: firstId, content: "hello", state: "sending" },
    );
    reloaded.resendAll();
    assert.deepEqual(api.sentIds(), [firstId, firstId]);
  });

  test("what is saved that is not a list of entries is ignored", () => {
    for (const junk of ["{not json", '{"a": 1}', "42", '[null, 3, {"content": "no id"}]']) {
      storage.setItem(KEY, junk);
      assert.deepEqual(newOutbox().entries(), [], junk);
    }
    storage.setItem(KEY, JSON.stringify([null, { clientMessageId: "c1", content: "kept" }]));
    assert.deepEqual(newOutbox().entries().map((entry) => entry.clientMessageId), ["c1"]);
  });

  test("a storage that refuses writes only costs the reload: sending still works", async () => {
    storage.refuse = true;
    const outbox = newOutbox();
    outbox.send("g1", "t1", "hello");
    assert.deepEqual(states(outbox), ["sending"]);
    api.calls[0].resolve(stored(api.calls[0]));
    await settled();
    assert.deepEqual(outbox.entries(), []);
  });

  test("each user's outbox has its own key", () => {
    newOutbox().send("g1", "t1", "hello");
    const other = new Outbox(api, "ourchat.outbox.bob", () => {});
    assert.deepEqual(other.entries(), []);
  });
});
