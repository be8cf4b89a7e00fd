// The connection status in the top bar: connecting, online, or reconnecting in N s.

import { byId } from "./dom.js";

const LABELS = { connecting: "Connecting…", online: "Online", stopped: "Signed out" };

export class StatusIndicator {
  constructor() {
    this.node = byId("connection-status");
    this.ticker = null;
    this.show({ status: "stopped" });
  }

  /** Show a "status" event's detail: {status, retryAt?}. */
  show({ status, retryAt }) {
    clearInterval(this.ticker);
    this.ticker = null;
    this.node.dataset.status = status;
    if (status === "reconnecting" && retryAt) {
      const tick = () => {
        const seconds = Math.ceil((retryAt - Date.now()) / 1000);
        this.node.textContent = seconds > 0 ? `Reconnecting in ${seconds} s` : "Reconnecting…";
      };
      tick();
      this.ticker = setInterval(tick, 250);
    } else {
      this.node.textContent = LABELS[status] || "Reconnecting…";
    }
  }
}
