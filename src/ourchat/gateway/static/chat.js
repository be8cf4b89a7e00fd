// @ts-check
// One signed-in session of the web client: its connection and outbox, wired to the groups,
// threads and messages columns through the server's replies and events.

import { Composer } from "./composer.js";
import { ChatConnection, RequestError } from "./connection.js";
import { byId } from "./dom.js";
import { GroupsPane } from "./groups.js";
import { MembersPanel } from "./members.js";
import { MessagesPane } from "./messages.js";
import { Outbox } from "./outbox.js";
import { ACTIONS, EVENTS } from "./protocol.js";
import { fetchLocalToken, rememberUser, socketUrl } from "./session.js";
import { StatusIndicator } from "./status.js";
import { ThreadsPane } from "./threads.js";
import { notify, notifyError } from "./toasts.js";

/** @import { ChatApi, Group, MemberAdded, Me, Message, Thread } from "./api.js" */
/**
 * @import { GatewayErrorDetail, OnlineDetail, ServerEvent, StatusDetail } from "./connection.js"
 */
/** @import { TokenReply } from "./session.js" */
/** @import { EventName } from "./protocol.js" */

/**
 * What the client does with each event the server pushes, by name (protocol.js's EVENTS):
 * one entry per event, so a new event is one line here and a method.
 * @type {Record<EventName, (app: ChatApp, data: any) => void>}
 */
const EVENT_HANDLERS = {
  [EVENTS.MESSAGE_CREATED]: (app, data) => app.onMessageCreated(data),
  [EVENTS.THREAD_CREATED]: (app, data) => app.threads.noteThread(data),
  [EVENTS.MEMBER_ADDED]: (app, data) => app.onMemberAdded(data),
};

export class ChatApp {
  constructor() {
    /** @type {Me | null} */
    this.user = null;
    /** @type {ChatConnection | null} */
    this.connection = null;
    /** @type {Outbox | null} */
    this.outbox = null;
    // The panes live as long as the page; they reach the current session's connection here.
    const app = this;
    /** @type {ChatApi} */
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
    // The pane only renders messages while signed in: there is a user whenever it asks.
    this.messages = new MessagesPane(api, () => /** @type {Me} */ (this.user));
    this.composer = new Composer((content) => this.send(content));
    this.api = api;
    byId("sign-out").addEventListener("click", () => this.signOut());
    window.addEventListener("online", () => this.connection?.retryNow());
  }

  /**
   * Start a session for a user whose token request succeeded.
   * @param {TokenReply} reply
   * @param {string} userName as typed at sign-in, maybe "".
   */
  start(reply, userName) {
    this.user = { userId: reply.userId, userName: userName || reply.userId };
    rememberUser(reply.userId, userName, true);
    byId("current-user").textContent = this.user.userName;
    byId("current-user").title = this.user.userId;
    /** @type {TokenReply | null} */
    let first = reply;
    const connection = new ChatConnection(async () => {
      // A fresh token for every attempt: the server may have restarted or the old one expired.
      const tokenReply = first || (await fetchLocalToken(reply.userId, userName));
      first = null;
      return socketUrl(tokenReply);
    });
    const outbox = new Outbox(this.api, `ourchat.outbox.${reply.userId}`);
    /**
     * Replies and events that arrive after a sign-out belong to a session that is over: the
     * handler gets them (their detail) only while `connection` is the current one.
     * @template T
     * @param {(detail: T) => void} handler gets the event's detail (see ChatConnection, Outbox).
     * @returns {(event: Event) => void}
     */
    const live = (handler) => (event) => {
      if (this.connection === connection) handler(/** @type {CustomEvent<T>} */ (event).detail);
    };
    connection.addEventListener(
      "status",
      live((/** @type {StatusDetail} */ detail) => this.status.show(detail)),
    );
    connection.addEventListener(
      "online",
      live((/** @type {OnlineDetail} */ detail) => this.onOnline(detail.reconnected)),
    );
    connection.addEventListener(
      "server-event",
      live((/** @type {ServerEvent} */ detail) => this.onServerEvent(detail)),
    );
    connection.addEventListener(
      "gateway-error",
      live((/** @type {GatewayErrorDetail} */ detail) =>
        notify(`The server refused a request: ${detail.message}`),
      ),
    );
    outbox.addEventListener("change", live(() => this.messages.syncPending(outbox.entries())));
    outbox.addEventListener(
      "sent",
      live((/** @type {Message} */ message) => this.showMessage(message, true)),
    );
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

  /** @param {boolean} reconnected */
  async onOnline(reconnected) {
    if (!this.user || !this.outbox) return; // signed out: `live` lets no such event through
    if (!this.profileSaved) {
      this.profileSaved = true;
      // The token's name only names a user at their first connect; a new name is saved here.
      this.api.request(ACTIONS.createUser, { userName: this.user.userName }).catch((error) => {
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

  /**
   * Hand a pushed event to its handler in EVENT_HANDLERS; events this client does not know
   * (a newer server's) are ignored.
   * @param {ServerEvent} serverEvent
   */
  onServerEvent({ event, data }) {
    if (!data || typeof data !== "object") return;
    if (!this.user || !this.outbox) return; // signed out: `live` lets no such event through
    const handle = EVENT_HANDLERS[/** @type {EventName} */ (event)];
    if (handle) handle(this, data);
  }

  /** @param {Message} message */
  onMessageCreated(message) {
    if (!this.user || !this.outbox) return;
    if (message.senderUserId === this.user.userId) this.outbox.acked(message);
    this.showMessage(message, false);
  }

  /** @param {MemberAdded} added */
  onMemberAdded(added) {
    if (!this.user) return;
    this.members.noteAdded(added);
    if (added.userId === this.user.userId && !this.groups.groups.has(added.groupId)) {
      this.groups.refresh().then(
        () => {
          const group = this.groups.groups.get(added.groupId);
          notify(`You were added to ${group ? group.groupName : "a group"}`, "info");
        },
        (error) => notifyError(error, "refresh your groups"),
      );
    }
  }

  /**
   * Show a stored message everywhere it matters: its thread, and the order of lists.
   * @param {Message} message
   * @param {boolean} ownReply the reply to my own send: scroll to it.
   */
  showMessage(message, ownReply) {
    if (!this.user) return;
    const unread = message.senderUserId !== this.user.userId;
    this.messages.receive(message, ownReply);
    this.threads.noteMessage(message, unread);
    if (!this.groups.noteMessage(message, unread)) {
      this.groups.refresh().catch((error) => notifyError(error, "refresh your groups"));
    }
  }

  /** @param {Message[]} messages */
  ackOwn(messages) {
    if (!this.user || !this.outbox) return;
    for (const message of messages || []) {
      if (message.senderUserId === this.user.userId) this.outbox.acked(message);
    }
  }

  /** @param {string} content */
  send(content) {
    const thread = this.messages.thread;
    if (!thread || !this.outbox) return;
    this.outbox.send(thread.groupId, thread.threadId, content);
  }

  /** @param {Group | null} group */
  async onGroupSelected(group) {
    this.members.showGroup(group);
    try {
      await this.threads.showGroup(group);
    } catch (error) {
      notifyError(error, "load the threads");
    }
  }

  /** @param {Thread | null} thread */
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

/**
 * Show the sign-in form or the chat.
 * @param {"signin" | "chat"} name
 */
export function showView(name) {
  byId("signin-view").hidden = name !== "signin";
  byId("chat-view").hidden = name !== "chat";
  byId("session-controls").hidden = name !== "chat";
  if (name === "signin") byId("signin-user-id").focus();
}
