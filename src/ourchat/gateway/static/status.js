// @ts-check
// The connection status in the top bar: connecting, online, or reconnecting in N s with a
// "Retry now" button.

import { byId } from "./dom.js";
import { statusText } from "./format.js";

export class StatusIndicator {
  /** @param {() => void} [onRetry] "Retry now" was pressed. */
  constructor(onRetry = () => {}) {
    this.node = byId("connection-status");
    this.retryButton = /** @type {HTMLButtonElement} */ (byId("retry-now"));
    this.retryButton.addEventListener("click", () => onRetry());
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
    const waiting = status === "reconnecting" && Boolean(retryAt);
    // The button keeps the focus it had into the attempt: it is only hidden once online.
    if (waiting || status !== "reconnecting") this.retryButton.hidden = !waiting;
    if (status === "reconnecting" && retryAt) {
      // Count the seconds down until the next attempt.
      this.ticker = setInterval(() => {
        this.node.textContent = statusText(status, retryAt);
      }, 250);
    }
  }
}
