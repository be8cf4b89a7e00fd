// One signed-in session of the web client: its connection and outbox, wired to the groups,
// threads and messages columns through the server's replies and events.

import { Composer } from "./composer.js";
import { ChatConnection, RequestError } from "./connection.js";
import { byId } from "./dom.js";
import { GroupsPane } from "./groups.js";
import { MembersPanel } from "./members.js";
import { MessagesPane } from "./messages.js";
import { Outbox } from "./outbox.js";
import { fetchLocalToken, rememberUser, socketUrl } from "./session.js";
import { StatusIndicator } from "./status.js";
import { ThreadsPane } from "./threads.js";
import { notify, notifyError } from "./toasts.js";

export class ChatApp {
  constructor() {
    this.user = null;
    this.connection = null;
    this.outbox = null;
    // The panes live as long as the page; they reach the current session's connection here.
    const app = this;
    /** @type {import("./api.js").ChatApi} */
    const api = {
      get status() {
        return app.connection ? app.connection.status : "stopped";
      },
      request(action, fields, timeoutMs) {
        if (!app.connection) return Promise.reject(new RequestError("offline", "signed out"));
        return app.connection.request(action, fields, timeoutMs);
      },
    };
    this.status = new StatusIndicator();
    this.groups = new GroupsPane(api, (group) => this.onGroupSelected(group));
    this.threads = new ThreadsPane(api, (thread) => this.onThreadSelected(thread));
    this.members = new MembersPanel(api);
    this.messages = new MessagesPane(api, () => this.user);
    this.composer = new Composer((content) => this.send(content));
    this.api = api;
    byId("sign-out").addEventListener("click", () => this.signOut());
    window.addEventListener("online", () => this.connection?.retryNow());
  }

  /** Start a session for a user whose token request succeeded. */
  start(reply, userName) {
    this.user = { userId: reply.userId, userName: userName || reply.userId };
    rememberUser(reply.userId, userName, true);
    byId("current-user").textContent = this.user.userName;
    byId("current-user").title = this.user.userId;
    let first = reply;
    const connection = new ChatConnection(async () => {
      // A fresh token for every attempt: the server may have restarted or the old one expired.
      const tokenReply = first || (await fetchLocalToken(reply.userId, userName));
      first = null;
      return socketUrl(tokenReply);
    });
    const outbox = new Outbox(this.api, `ourchat.outbox.${reply.userId}`);
    // Replies and events that arrive after a sign-out belong to a session that is over.
    const live = (handler) => (event) => {
      if (this.connection === connection) handler(event);
    };
    connection.addEventListener("status", live((event) => this.status.show(event.detail)));
    connection.addEventListener("online", live((event) => this.onOnline(event.detail.reconnected)));
    connection.addEventListener("server-event", live((event) => this.onServerEvent(event.detail)));
    connection.addEventListener(
      "gateway-error",
      live((event) => notify(`The server refused a request: ${event.detail.message}`)),
    );
    outbox.addEventListener("change", live(() => this.messages.syncPending(outbox.entries())));
    outbox.addEventListener("sent", live((event) => this.showMessage(event.detail, true)));
    this.connection = connection;
    this.outbox = outbox;
    // Only a name typed at sign-in is saved; signing in with the id alone keeps the old name.
    this.profileSaved = !userName;
    showView("chat");
    connection.start();
  }

  signOut() {
    this.connection?.stop();
    this.connection = null;
    if (this.user) rememberUser(this.user.userId, this.user.userName, false);
    this.user = null;
    this.outbox = null;
    this.groups.reset();
    this.members.reset();
    this.threads.showGroup(null);
    this.status.show({ status: "stopped" });
    showView("signin");
  }

  async onOnline(reconnected) {
    if (!this.profileSaved) {
      this.profileSaved = true;
      // The token's name only names a user at their first connect; a new name is saved here.
      this.api.request("createUser", { userName: this.user.userName }).catch((error) => {
        notifyError(error, "save your display name");
      });
    }
    this.outbox.resendAll();
    try {
      await this.groups.refresh();
      if (reconnected) {
        await this.threads.refresh();
        this.ackOwn(await this.messages.refresh());
      }
    } catch (error) {
      notifyError(error, "refresh the chat");
    }
  }

  onServerEvent({ event, data }) {
    if (!data || typeof data !== "object") return;
    if (event === "message.created") {
      if (data.senderUserId === this.user.userId) this.outbox.acked(data);
      this.showMessage(data, false);
    } else if (event === "thread.created") {
      this.threads.noteThread(data);
    } else if (event === "member.added") {
      this.members.noteAdded(data);
      if (data.userId === this.user.userId && !this.groups.groups.has(data.groupId)) {
        this.groups.refresh().then(
          () => {
            const group = this.groups.groups.get(data.groupId);
            notify(`You were added to ${group ? group.groupName : "a group"}`, "info");
          },
          (error) => notifyError(error, "refresh your groups"),
        );
      }
    }
  }

  /** Show a stored message everywhere it matters: its thread, and the order of lists. */
  showMessage(message, ownReply) {
    if (!this.user) return;
    const unread = message.senderUserId !== this.user.userId;
    this.messages.receive(message, ownReply);
    this.threads.noteMessage(message, unread);
    if (!this.groups.noteMessage(message, unread)) {
      this.groups.refresh().catch((error) => notifyError(error, "refresh your groups"));
    }
  }

  ackOwn(messages) {
    if (!this.user) return;
    for (const message of messages || []) {
      if (message.senderUserId === this.user.userId) this.outbox.acked(message);
    }
  }

  send(content) {
    const thread = this.messages.thread;
    if (!thread || !this.outbox) return;
    this.outbox.send(thread.groupId, thread.threadId, content);
  }

  async onGroupSelected(group) {
    this.members.showGroup(group);
    try {
      await this.threads.showGroup(group);
    } catch (error) {
      notifyError(error, "load the threads");
    }
  }

  async onThreadSelected(thread) {
    this.composer.enable(Boolean(thread));
    const loading = this.messages.showThread(thread);
    if (this.outbox) this.messages.syncPending(this.outbox.entries());
    try {
      this.ackOwn(await loading);
    } catch (error) {
      notifyError(error, "load the messages");
    }
  }
}

/** Show the sign-in form or the chat. */
export function showView(name) {
  byId("signin-view").hidden = name !== "signin";
  byId("chat-view").hidden = name !== "chat";
  byId("session-controls").hidden = name !== "chat";
  if (name === "signin") byId("signin-user-id").focus();
}
