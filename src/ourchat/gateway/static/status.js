// @ts-check
// The connection status in the top bar: connecting, online, or reconnecting in N s.

import { byId } from "./dom.js";
import { statusText } from "./format.js";

export class StatusIndicator {
  constructor() {
    this.node = byId("connection-status");
    /** @type {ReturnType<typeof setInterval> | undefined} */
    this.ticker = undefined;
    this.show({ status: "stopped" });
  }

  /**
   * Show a "status" event's detail: {status, retryAt?}.
   * @param {import("./connection.js").StatusDetail} detail
   */
  show({ status, retryAt }) {
    clearInterval(this.ticker);
    this.ticker = undefined;
    this.node.dataset.status = status;
    this.node.textContent = statusText(status, retryAt);
    if (status === "reconnecting" && retryAt) {
      // Count the seconds down until the next attempt.
      this.ticker = setInterval(() => {
        this.node.textContent = statusText(status, retryAt);
      }, 250);
    }
  }
}
