// @ts-check
// Messages typed but not yet acknowledged. Each has a clientMessageId chosen once, so every
// resend (after a timeout, a reconnect or a reload) is deduplicated by the server.

import { RequestError } from "./connection.js";
import { errorText } from "./format.js";
import { ACTIONS } from "./protocol.js";
import { notifyError } from "./toasts.js";

/**
 * A message typed but not yet acknowledged, as saved in localStorage; a reply keeps what it
 * quotes (shown while it is sent; the server makes its own quote from the messageId).
 * @typedef {{
 *   clientMessageId: string, groupId: string, threadId: string, content: string,
 *   state: "sending" | "failed", error?: string, replyTo?: import("./api.js").ReplyTo,
 * }} OutboxEntry
 */

/**
 * An entry as entries() hands it out: a copy, with its Retry and Discard actions.
 * @typedef {OutboxEntry & {retry: () => void, discard: () => void}} PendingMessage
 */

export class Outbox extends EventTarget {
  /**
   * Dispatches "change" when the entries change and "sent" (detail: the stored message)
   * when the reply to a send arrives.
   * @param {import("./api.js").ChatApi} api
   * @param {string} storageKey where unsent messages survive a reload.
   * @param {(error: unknown, doing: string) => void} [report] tells the user of a send the
   *   server refused: a toast (the tests pass their own).
   */
  constructor(api, storageKey, report = notifyError) {
    super();
    this.api = api;
    this.storageKey = storageKey;
    this.report = report;
    /** @type {Map<string, OutboxEntry>} by clientMessageId, oldest first. */
    this.pending = new Map();
    /** @type {Set<string>} the clientMessageIds whose send awaits its reply. */
    this.inFlight = new Set();
    for (const entry of this.load()) this.pending.set(entry.clientMessageId, entry);
  }

  /**
   * The unacknowledged entries, oldest first, each with retry() and discard().
   * @returns {PendingMessage[]}
   */
  entries() {
    return [...this.pending.values()].map((entry) => ({
      ...entry,
      retry: () => this.attempt(entry.clientMessageId),
      discard: () => this.drop(entry.clientMessageId),
    }));
  }

  /**
   * @param {string} groupId
   * @param {string} threadId
   * @param {string} content
   * @param {import("./api.js").ReplyTo} [replyTo] the message it answers, for a reply.
   */
  send(groupId, threadId, content, replyTo) {
    const clientMessageId = crypto.randomUUID();
    /** @type {OutboxEntry} */
    const entry = { clientMessageId, groupId, threadId, content, state: "sending" };
    if (replyTo) entry.replyTo = replyTo;
    this.pending.set(clientMessageId, entry);
    this.changed();
    this.attempt(clientMessageId);
  }

  /** Send every entry still waiting for its reply; called once the connection is back. */
  resendAll() {
    for (const entry of this.pending.values()) {
      if (entry.state === "sending") this.attempt(entry.clientMessageId);
    }
  }

  /** @param {string} clientMessageId */
  async attempt(clientMessageId) {
    const entry = this.pending.get(clientMessageId);
    if (!entry || this.inFlight.has(clientMessageId)) return;
    this.inFlight.add(clientMessageId);
    if (entry.state !== "sending") {
      entry.state = "sending";
      delete entry.error;
      this.changed();
    }
    let retryNow = false;
    try {
      const { groupId, threadId, content, replyTo } = entry;
      /** @type {Record<string, unknown>} */
      const fields = { groupId, threadId, content, clientMessageId };
      if (replyTo) fields.replyToMessageId = replyTo.messageId;
      const message = await this.api.request(ACTIONS.sendMessage, fields);
      this.acked(message);
      this.dispatchEvent(new CustomEvent("sent", { detail: message }));
    } catch (error) {
      if (error instanceof RequestError && error.unanswered) {
        // No reply: it stays "sending" and goes again after a timeout, or on reconnect.
        retryNow = error.code === "timeout" && this.api.status === "online";
      } else if (this.pending.has(clientMessageId)) {
        entry.state = "failed";
        entry.error = errorText(error);
        this.changed();
        this.report(error, "send the message");
      }
    } finally {
      this.inFlight.delete(clientMessageId);
    }
    if (retryNow) this.attempt(clientMessageId);
  }

  /**
   * The server stored one of my messages (seen in a reply, an event or a fetched page).
   * @param {import("./api.js").Message} message
   */
  acked(message) {
    if (message.clientMessageId && this.pending.delete(message.clientMessageId)) this.changed();
  }

  /** @param {string} clientMessageId */
  drop(clientMessageId) {
    if (this.pending.delete(clientMessageId)) this.changed();
  }

  changed() {
    this.save();
    this.dispatchEvent(new Event("change"));
  }

  /** @returns {OutboxEntry[]} */
  load() {
    try {
      const saved = JSON.parse(localStorage.getItem(this.storageKey) || "[]");
      return Array.isArray(saved) ? saved.filter((entry) => entry && entry.clientMessageId) : [];
    } catch {
      return [];
    }
  }

  save() {
    try {
      if (this.pending.size === 0) localStorage.removeItem(this.storageKey);
      else localStorage.setItem(this.storageKey, JSON.stringify([...this.pending.values()]));
    } catch {
      // Storage may be full or refused; unsent messages then only live until a reload.
    }
  }
}
