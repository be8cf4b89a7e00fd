// @ts-check
// The messages column's header: the selected thread's name and color, renamed in place by
// its creator, the group's owner or an admin.

import { byId, formInput, h, swatch } from "./dom.js";
import { InlineEditor } from "./editor.js";
import { ACTIONS } from "./protocol.js";
import { canRenameThread } from "./roles.js";
import { notifyError } from "./toasts.js";

/** @import { ChatApi, Me, Role, Thread } from "./api.js" */

export class ThreadTitle {
  /**
   * @param {ChatApi} api
   * @param {() => Me} me the signed-in user.
   * @param {(thread: Thread) => void} onRenamed gets the reply to a rename.
   */
  constructor(api, me, onRenamed) {
    this.api = api;
    this.me = me;
    this.onRenamed = onRenamed;
    /** @type {Thread | null} */
    this.thread = null;
    /** @type {Role | null} my role in the thread's group, null while unknown. */
    this.role = null;
    this.title = byId("thread-title");
    this.editor = new InlineEditor(
      /** @type {HTMLButtonElement} */ (byId("rename-thread")),
      /** @type {HTMLFormElement} */ (byId("rename-thread-form")),
      {
        fill: (form) => {
          formInput(form, "threadName").value = this.thread ? this.thread.threadName : "";
        },
        save: (form) => this.rename(formInput(form, "threadName").value),
      },
    );
  }

  /**
   * Show another thread (or none); a rename in progress is dropped.
   * @param {Thread | null} thread
   */
  show(thread) {
    this.thread = thread;
    this.editor.close(false);
    this.render();
  }

  /**
   * A thread.updated event or reply: show the new name if it is the thread on screen.
   * @param {Thread} thread
   */
  note(thread) {
    if (!this.thread || this.thread.threadId !== thread.threadId) return;
    this.thread = thread;
    this.render();
  }

  /**
   * My role in the shown group changed: it decides whether I may rename the thread.
   * @param {Role | null} role
   */
  setRole(role) {
    this.role = role;
    this.render();
  }

  render() {
    const thread = this.thread;
    const name = thread
      ? h("span", { dir: "auto", "data-testid": "thread-title-name", text: thread.threadName })
      : h("span", { class: "muted", text: "Select a thread" });
    this.title.replaceChildren(...(thread ? [swatch(thread.color), name] : [name]));
    this.editor.allow(thread !== null && canRenameThread(this.role, this.me().userId, thread));
  }

  /**
   * Rename the thread on screen; true when done (the same name counts as done).
   * @param {string} threadName
   */
  async rename(threadName) {
    const thread = this.thread;
    if (!thread || threadName === thread.threadName) return true;
    try {
      /** @type {Thread} */
      const updated = await this.api.request(ACTIONS.updateThread, {
        threadId: thread.threadId,
        threadName,
      });
      this.onRenamed(updated);
      return true;
    } catch (error) {
      notifyError(error, "rename the thread");
      return false;
    }
  }
}
