// @ts-check
// The WebSocket to the chat: request/response matched by requestId, server events, and
// reconnection with exponential backoff and jitter.

export const MIN_DELAY_MS = 500;
export const MAX_DELAY_MS = 15_000;
export const REQUEST_TIMEOUT_MS = 10_000;

/** @typedef {"connecting" | "online" | "reconnecting" | "stopped"} ConnectionStatus */

/**
 * The details of the events a ChatConnection dispatches (see the class).
 * @typedef {{status: ConnectionStatus, retryAt?: number}} StatusDetail
 * @typedef {{reconnected: boolean}} OnlineDetail
 * @typedef {{event: string, data?: unknown, groupId?: string, seq?: unknown}} ServerEvent
 * @typedef {{message: string}} GatewayErrorDetail
 */

/**
 * A request waiting for its reply.
 * @typedef {{
 *   resolve: (data: unknown) => void,
 *   reject: (error: RequestError) => void,
 *   timer: ReturnType<typeof setTimeout>,
 * }} Waiter
 */

/** A request that failed: `code` is the server's error code, or offline/disconnected/timeout. */
export class RequestError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   */
  constructor(code, message) {
    super(message);
    this.name = "RequestError";
    this.code = code;
  }

  /** True when the request never got an answer: it may be sent again once reconnected. */
  get unanswered() {
    return ["offline", "disconnected", "timeout"].includes(this.code);
  }
}

/**
 * The delay before reconnect attempt `attempt` (0-based): doubling, capped, half jittered.
 * @param {number} attempt
 * @param {() => number} [random] in [0, 1).
 * @returns {number} milliseconds.
 */
export function backoffDelay(attempt, random = Math.random) {
  const ceiling = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * A self-healing connection. The CustomEvents it dispatches:
 * - "status": detail StatusDetail {status, retryAt?}
 * - "online": detail OnlineDetail {reconnected}, after every successful (re)connect
 * - "server-event": detail ServerEvent {event, data}, for every frame the server pushes
 * - "gateway-error": detail GatewayErrorDetail {message}, for API Gateway's own error frames
 *   (throttling, a crashed handler); they carry no requestId of ours, so the request behind
 *   one times out.
 */
export class ChatConnection extends EventTarget {
  /** @param {() => Promise<string>} socketUrl returns the URL to open, token included. */
  constructor(socketUrl) {
    super();
    this.socketUrl = socketUrl;
    /** @type {ConnectionStatus} */
    this.status = "stopped";
    /** @type {WebSocket | null} */
    this.socket = null;
    this.attempt = 0;
    /** @type {ReturnType<typeof setTimeout> | undefined} the backoff timer. */
    this.timer = undefined;
    /** @type {Map<string, Waiter>} by requestId. */
    this.pending = new Map();
    this.counter = 0;
    this.sessionTag = crypto.randomUUID().slice(0, 8);
    this.everOnline = false;
    /** True while the backoff timer runs: the next attempt has not started. */
    this.waiting = false;
  }

  start() {
    if (this.status !== "stopped") return;
    this.connect();
  }

  /** Close for good: no reconnect, every pending request fails. */
  stop() {
    clearTimeout(this.timer);
    this.waiting = false;
    this.setStatus("stopped");
    const socket = this.socket;
    this.socket = null;
    if (socket) socket.close(1000, "signed out");
    this.failPending("disconnected", "signed out");
  }

  /**
   * Try now instead of waiting for the backoff timer (the browser came back online, or the
   * user pressed "Retry now"); nothing happens while an attempt is under way.
   */
  retryNow() {
    if (this.status !== "reconnecting" || !this.waiting) return;
    clearTimeout(this.timer);
    this.connect();
  }

  async connect() {
    this.waiting = false;
    this.setStatus(this.everOnline ? "reconnecting" : "connecting");
    let url;
    try {
      url = await this.socketUrl();
    } catch (error) {
      if (this.status !== "stopped") this.scheduleReconnect();
      return;
    }
    if (this.status === "stopped") return;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.addEventListener("open", () => this.onOpen(socket));
    socket.addEventListener("message", (message) => this.onFrame(message.data));
    socket.addEventListener("close", () => this.onClose(socket));
  }

  /** @param {WebSocket} socket */
  onOpen(socket) {
    if (socket !== this.socket) return;
    this.attempt = 0;
    const reconnected = this.everOnline;
    this.everOnline = true;
    this.setStatus("online");
    this.dispatchEvent(new CustomEvent("online", { detail: { reconnected } }));
  }

  /** @param {WebSocket} socket */
  onClose(socket) {
    if (socket !== this.socket) return;
    this.socket = null;
    this.failPending("disconnected", "the connection was lost; it will be retried");
    if (this.status !== "stopped") this.scheduleReconnect();
  }

  scheduleReconnect() {
    const delay = backoffDelay(this.attempt);
    this.attempt += 1;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), delay);
    this.waiting = true;
    this.setStatus("reconnecting", Date.now() + delay);
  }

  /**
   * @param {ConnectionStatus} status
   * @param {number} [retryAt] when the next attempt is due (ms since the epoch).
   */
  setStatus(status, retryAt) {
    this.status = status;
    this.dispatchEvent(new CustomEvent("status", { detail: { status, retryAt } }));
  }

  /** @param {string} raw a text frame. */
  onFrame(raw) {
    let frame;
    try {
      frame = JSON.parse(raw);
    } catch {
      console.warn("ourchat: ignored a frame that is not JSON");
      return;
    }
    if (frame && typeof frame.event === "string") {
      this.dispatchEvent(new CustomEvent("server-event", { detail: frame }));
      return;
    }
    const waiter = frame && this.pending.get(frame.requestId);
    if (!waiter) {
      if (frame && typeof frame.message === "string" && !("ok" in frame)) {
        const detail = { message: frame.message };
        this.dispatchEvent(new CustomEvent("gateway-error", { detail }));
      }
      return;
    }
    this.pending.delete(frame.requestId);
    clearTimeout(waiter.timer);
    if (frame.ok === true) waiter.resolve(frame.data);
    else {
      const error = frame.error || {};
      waiter.reject(new RequestError(error.code || "internal", error.message || "request failed"));
    }
  }

  /**
   * Send one frame and wait for its reply.
   * @param {string} action
   * @param {Record<string, unknown>} [fields]
   * @param {number} [timeoutMs]
   * @returns {Promise<any>} the reply's `data`; rejects with a RequestError.
   */
  request(action, fields = {}, timeoutMs = REQUEST_TIMEOUT_MS) {
    const socket = this.socket;
    if (this.status !== "online" || !socket || socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new RequestError("offline", "not connected; try again once online"));
    }
    this.counter += 1;
    const requestId = `${this.sessionTag}-${this.counter}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new RequestError("timeout", `no reply to ${action} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.pending.set(requestId, { resolve, reject, timer });
      socket.send(JSON.stringify({ ...fields, action, requestId }));
    });
  }

  /**
   * @param {string} code
   * @param {string} message
   */
  failPending(code, message) {
    const waiters = [...this.pending.values()];
    this.pending.clear();
    for (const waiter of waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new RequestError(code, message));
    }
  }
}
