// @ts-check
// One signed-in session of the web client: its connection and outbox, wired to the
// invitations, groups, threads, messages and members columns through the server's replies
// and events; the panes one at a time on a narrow screen (nav.js), the unread counts behind
// the badges, the tab title and the notifications (unread.js, notifications.js), drafts per
// thread, and the selection remembered across reloads.

import { Composer } from "./composer.js";
import { ChatConnection, RequestError } from "./connection.js";
import { byId } from "./dom.js";
import { Drafts } from "./drafts.js";
import { GroupsPane } from "./groups.js";
import { InvitationsPane } from "./invitations.js";
import { MembersPanel } from "./members.js";
import { MessagesPane } from "./messages.js";
import { Drawer, PaneNav, PANES } from "./nav.js";
import { clearNotices, showNotice } from "./notices.js";
import { Notifier } from "./notifications.js";
import { Outbox } from "./outbox.js";
import { NameBook } from "./people.js";
import { ACTIONS, EVENTS } from "./protocol.js";
import { ReplyBar } from "./reply.js";
import {
  fetchLocalToken,
  rememberedSelection,
  rememberSelection,
  rememberUser,
  socketUrl,
} from "./session.js";
import { StatusIndicator } from "./status.js";
import { ThreadsPane } from "./threads.js";
import { notify, notifyError } from "./toasts.js";
import { TypingSender } from "./typing.js";
import { TypingLine } from "./typing_line.js";
import { titleWithCount, UnreadCounts } from "./unread.js";

/**
 * @import {
 *   ChatApi, Group, GroupInvitation, MemberAdded, MemberRemoved, Me, Message, MessageDeleted,
 *   ReadUpdated, Role, Thread,
 * } from "./api.js"
 */
/**
 * @import { GatewayErrorDetail, OnlineDetail, ServerEvent, StatusDetail } from "./connection.js"
 */
/** @import { Picked } from "./groups.js" */
/** @import { Selection, TokenReply } from "./session.js" */
/** @import { EventName } from "./protocol.js" */

/**
 * What the client does with each event the server pushes, by name (protocol.js's EVENTS):
 * one entry per event, so a new event is one line here and a method. `seq` is the event's
 * number in its group's history, when it has one.
 * @type {Record<EventName, (app: ChatApp, data: any, seq: number | undefined) => void>}
 */
const EVENT_HANDLERS = {
  [EVENTS.MESSAGE_CREATED]: (app, data) => app.onMessageCreated(data),
  [EVENTS.MESSAGE_UPDATED]: (app, data) => app.messages.noteUpdated(data),
  [EVENTS.MESSAGE_DELETED]: (app, data) => app.onMessageDeleted(data),
  [EVENTS.REACTION_ADDED]: (app, data, seq) => app.messages.noteReaction(data, true, seq),
  [EVENTS.REACTION_REMOVED]: (app, data, seq) => app.messages.noteReaction(data, false, seq),
  [EVENTS.THREAD_CREATED]: (app, data) => app.threads.noteThread(data),
  [EVENTS.THREAD_UPDATED]: (app, data) => app.onThreadUpdated(data),
  [EVENTS.GROUP_UPDATED]: (app, data) => app.onGroupUpdated(data),
  [EVENTS.MEMBER_ADDED]: (app, data) => app.onMemberAdded(data),
  [EVENTS.MEMBER_REMOVED]: (app, data) => app.onMemberRemoved(data),
  [EVENTS.MEMBER_UPDATED]: (app, data) => app.members.noteUpdated(data),
  [EVENTS.INVITATION_CREATED]: (app, data) => app.invitations.note(data),
  [EVENTS.READ_UPDATED]: (app, data) => app.onReadUpdated(data),
  [EVENTS.TYPING]: (app, data) => app.typingLine.note(data),
  [EVENTS.PRESENCE_CHANGED]: (app, data) => app.members.notePresence(data),
};

/** Whoever is signed in; a blank user while nobody is (the panes then show nothing). */
const NOBODY = Object.freeze({ userId: "", userName: "" });

/** The tab's title, after the unread count. */
const TITLE = "ourchat";

/** How much of a new message the screen reader's announcement reads. */
const ANNOUNCE_CHARS = 200;

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
    const me = () => this.user || NOBODY;
    this.status = new StatusIndicator(() => this.connection?.retryNow());
    /** Unread messages: the badges, the tab title and the notifications read them here. */
    this.unread = new UnreadCounts();
    this.unread.addEventListener("change", () => this.onUnreadChanged());
    this.nav = new PaneNav(byId("chat-view"));
    this.nav.addEventListener("change", (event) =>
      this.onPaneChanged(/** @type {CustomEvent} */ (event).detail),
    );
    this.drawer = new Drawer(
      byId("chat-view"),
      byId("members-pane"),
      /** @type {HTMLButtonElement} */ (byId("members-toggle")),
      /** @type {HTMLButtonElement} */ (byId("members-close")),
    );
    this.notifier = new Notifier(/** @type {HTMLButtonElement} */ (byId("notify-me")));
    this.announcer = byId("announcer");
    /** @type {string | null} the message the announcer holds. */
    this.announced = null;
    /** Counts the announcements: a later one (or an emptying) wins over one still due. */
    this.announcements = 0;
    /** @type {Drafts | null} the signed-in user's drafts. */
    this.drafts = null;
    /** @type {Selection} what to open again once the lists arrive (after a reload). */
    this.restoring = { groupId: null, threadId: null };
    /** True from a sign-in by the form until the focus has gone to the groups. */
    this.focusGroupsOnLoad = false;
    /** People's names, learned from member lists and searches, shown on their messages. */
    this.names = new NameBook();
    this.invitations = new InvitationsPane(api, this.names, (invitation) =>
      this.onInvitationAccepted(invitation),
    );
    this.groups = new GroupsPane(api, this.unread, (group, how) =>
      this.onGroupSelected(group, how),
    );
    this.threads = new ThreadsPane(
      api,
      this.unread,
      (thread, how) => this.onThreadSelected(thread, how),
      (group) => this.onGroupUpdated(group),
    );
    this.members = new MembersPanel(
      api,
      this.names,
      me,
      (role) => this.onRoleChanged(role),
      (group) => this.onGroupLost(group.groupId, "left"),
    );
    this.messages = new MessagesPane(
      api,
      me,
      this.names,
      (thread) => this.onThreadUpdated(thread),
      (message) => this.reply.start(message),
    );
    /** Who is typing in the open thread, under it. */
    this.typingLine = new TypingLine(this.names);
    /** When my own typing is told to the others. */
    this.typingSender = new TypingSender((threadId) => {
      this.api.request(ACTIONS.typing, { threadId }).catch(() => {
        // Only a hint to the others: a lost one is no loss.
      });
    });
    this.composer = new Composer(
      (content) => this.send(content),
      (threadId, text) => this.typingSender.input(threadId, text, Date.now()),
    );
    /** The message I am replying to, above the composer. */
    this.reply = new ReplyBar(me, (id) => this.names.nameOf(id));
    this.names.addEventListener("change", () => this.reply.render());
    this.api = api;
    byId("sign-out").addEventListener("click", () => this.signOut());
    window.addEventListener("online", () => this.connection?.retryNow());
    byId("back-to-groups").addEventListener("click", () => this.nav.back());
    byId("back-to-threads").addEventListener("click", () => this.nav.back());
    byId("skip-to-composer").addEventListener("click", (event) => {
      event.preventDefault();
      this.skipToComposer();
    });
    document.addEventListener("visibilitychange", () => this.onVisibilityChanged());
  }

  /**
   * Start a session for a user whose token request succeeded.
   * @param {TokenReply} reply
   * @param {string} userName as typed at sign-in, maybe "".
   * @param {boolean} [byForm] signed in with the form (not again after a reload).
   */
  start(reply, userName, byForm = false) {
    this.user = { userId: reply.userId, userName: userName || reply.userId };
    rememberUser(reply.userId, userName, true);
    this.drafts = new Drafts(`ourchat.drafts.${reply.userId}`);
    this.restoring = rememberedSelection(reply.userId);
    this.focusGroupsOnLoad = byForm;
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
    // Signed in with the form: the focus leaves it for the groups (their heading, until the
    // list arrives).
    if (byForm) byId("groups-heading").focus();
    connection.start();
  }

  signOut() {
    this.connection?.stop();
    this.connection = null;
    if (this.user) rememberUser(this.user.userId, this.user.userName, false);
    this.user = null;
    this.outbox = null;
    this.groups.reset();
    this.invitations.reset();
    this.members.reset();
    this.threads.showGroup(null);
    this.names.clear();
    this.unread.clear();
    this.typingLine.clear();
    this.drafts = null;
    this.composer.showThread(null, null);
    this.drawer.close();
    this.nav.reset();
    clearNotices();
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
    this.invitations.refresh().catch((error) => notifyError(error, "list your invitations"));
    try {
      await this.groups.refresh();
      this.restoreSelection();
      this.focusGroups();
      if (reconnected) {
        this.members.refresh().catch((error) => notifyError(error, "load the members"));
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
  onServerEvent({ event, data, seq }) {
    if (!data || typeof data !== "object") return;
    if (!this.user || !this.outbox) return; // signed out: `live` lets no such event through
    const handle = EVENT_HANDLERS[/** @type {EventName} */ (event)];
    if (handle) handle(this, data, typeof seq === "number" ? seq : undefined);
  }

  /**
   * A read.updated event: I read a thread on another device.
   * @param {ReadUpdated} read
   */
  onReadUpdated(read) {
    this.unread.readThread(read.threadId);
  }

  /** @param {Message} message */
  onMessageCreated(message) {
    if (!this.user || !this.outbox) return;
    if (message.senderUserId === this.user.userId) this.outbox.acked(message);
    this.showMessage(message, false);
  }

  /**
   * A message.deleted event: it says "message deleted" in place, and so do the quotes of
   * replies to it (above the composer too, if I am writing one).
   * @param {MessageDeleted} deleted
   */
  onMessageDeleted(deleted) {
    if (this.announced === deleted.messageId) this.announce("");
    this.messages.noteDeleted(deleted);
    this.reply.noteDeleted(deleted.messageId);
  }

  /**
   * A member.added event: the member list shows them; if it is me (I accepted an invitation,
   * maybe on another device), the group joins my list.
   * @param {MemberAdded} added
   */
  onMemberAdded(added) {
    if (!this.user) return;
    this.members.noteAdded(added);
    if (added.userId !== this.user.userId || this.groups.groups.has(added.groupId)) return;
    const invitation = this.invitations.take(added.groupId);
    if (invitation) this.groups.upsert(invitation.group);
    else this.groups.refresh().catch((error) => notifyError(error, "refresh your groups"));
  }

  /**
   * A member.removed event: the member list drops them; if it is me, the group is gone.
   * @param {MemberRemoved} removed
   */
  onMemberRemoved(removed) {
    if (!this.user) return;
    this.members.noteRemoved(removed);
    if (removed.userId === this.user.userId) {
      this.onGroupLost(removed.groupId, removed.reason === "left" ? "left" : "removed");
    }
  }

  /**
   * I left a group or was removed from it: it leaves my list (closing its threads if they
   * were on screen, so nothing more arrives there) and a notice says why. Called by the
   * event and by the reply to my own leaveGroup: the second call finds nothing to do.
   * @param {string} groupId
   * @param {"left" | "removed"} reason
   */
  onGroupLost(groupId, reason) {
    const group = this.groups.groups.get(groupId);
    if (!group) return;
    this.groups.remove(groupId);
    this.unread.forgetGroup(groupId);
    const name = group.groupName;
    showNotice(reason === "left" ? `You left ${name}` : `You were removed from ${name}`);
  }

  /**
   * I accepted an invitation: the group joins my list, selected.
   * @param {GroupInvitation} invitation
   */
  onInvitationAccepted(invitation) {
    this.groups.upsert(invitation.group);
    this.groups.select(invitation.groupId, true);
  }

  /**
   * A group.updated event, or the reply to my own rename.
   * @param {Group} group
   */
  onGroupUpdated(group) {
    this.groups.noteGroup(group);
    this.threads.noteGroup(group);
    this.members.noteGroup(group);
  }

  /**
   * A thread.updated event, or the reply to my own rename.
   * @param {Thread} thread
   */
  onThreadUpdated(thread) {
    this.threads.noteThread(thread);
    this.messages.noteThread(thread);
  }

  /**
   * My role in the selected group is known, or changed: it decides what I am offered.
   * @param {Role | null} role
   */
  onRoleChanged(role) {
    this.threads.setRole(role);
    this.messages.setRole(role);
  }

  /**
   * Show a stored message everywhere it matters: its thread, and the order of lists.
   * @param {Message} message
   * @param {boolean} ownReply the reply to my own send: scroll to it.
   */
  showMessage(message, ownReply) {
    if (!this.user) return;
    const mine = message.senderUserId === this.user.userId;
    const onScreen = this.messages.shows(message.threadId);
    const fresh = onScreen && !this.messages.list.has(message.messageId);
    this.messages.receive(message, ownReply);
    this.typingLine.stop(message.threadId, message.senderUserId);
    this.threads.noteMessage(message);
    if (!this.groups.noteMessage(message)) {
      this.groups.refresh().catch((error) => notifyError(error, "refresh your groups"));
    }
    // A repeat (delivery is at least once) or my own message is news to nobody.
    if (mine || ownReply || (onScreen && !fresh)) return;
    if (!(onScreen && document.visibilityState === "visible")) {
      this.unread.add(message.groupId, message.threadId);
    }
    const sender = this.names.label(message.senderUserId);
    if (onScreen) {
      this.announce(`${sender}: ${message.content.slice(0, ANNOUNCE_CHARS)}`, message.messageId);
    }
    this.notifier.show(
      {
        mine,
        sender,
        place: this.placeOf(message),
        content: message.content,
        tag: message.threadId,
      },
      () => this.openThread(message.groupId, message.threadId),
    );
  }

  /**
   * Where a message was written, as a notification names it: "Team › Plans", or the group
   * alone while its threads are not listed.
   * @param {Message} message
   */
  placeOf(message) {
    const group = this.groups.groups.get(message.groupId);
    const thread = this.threads.threads.get(message.threadId);
    return [group?.groupName, thread?.threadName].filter(Boolean).join(" › ");
  }

  /**
   * Have the screen reader read a new message (the polite live region beside the list);
   * "" empties the region.
   * @param {string} text
   * @param {string | null} [messageId] the message read out: its deletion takes the text away.
   */
  announce(text, messageId = null) {
    this.announced = messageId;
    this.announcer.textContent = "";
    this.announcements = (this.announcements || 0) + 1;
    const turn = this.announcements;
    if (!text) return;
    // A new text node in an emptied region is announced even when it repeats the last one.
    requestAnimationFrame(() => {
      if (turn === this.announcements) this.announcer.textContent = text;
    });
  }

  /** The count behind the tab title changed (the badges read it too). */
  onUnreadChanged() {
    document.title = titleWithCount(TITLE, this.unread.total);
    this.groups.render();
    this.threads.render();
  }

  /** The tab was hidden or shown: the thread on screen is read once it is seen. */
  onVisibilityChanged() {
    const thread = this.messages.thread;
    if (thread && document.visibilityState === "visible") this.unread.readThread(thread.threadId);
  }

  /**
   * Open a thread (a notification was clicked): its group first.
   * @param {string} groupId
   * @param {string} threadId
   */
  async openThread(groupId, threadId) {
    if (this.groups.selectedId !== groupId) {
      this.restoring = { groupId, threadId };
      this.groups.select(groupId);
      return;
    }
    if (this.threads.threads.has(threadId)) this.threads.select(threadId, true);
  }

  /** Once the groups are listed after a sign-in or reload: open what was open before. */
  restoreSelection() {
    const { groupId } = this.restoring;
    if (!groupId) return;
    if (this.groups.selectedId || !this.groups.groups.has(groupId)) {
      this.restoring = { groupId: null, threadId: null };
      return;
    }
    this.groups.select(groupId);
  }

  /** After a sign-in by the form: the focus goes to the open group, or the first one. */
  focusGroups() {
    if (!this.focusGroupsOnLoad) return;
    this.focusGroupsOnLoad = false;
    const heading = byId("groups-heading");
    if (document.activeElement !== heading && document.activeElement !== document.body) return;
    const target = this.groups.focusTarget() || byId("new-group-name");
    target.focus();
  }

  /**
   * The pane shown on a narrow screen changed (a selection, a back button, the browser's
   * Back): going up, the focus goes to the row that led down; the thread's messages were
   * read if that is where it went.
   * @param {{pane: import("./nav.js").Pane, from: import("./nav.js").Pane}} change
   */
  onPaneChanged({ pane, from }) {
    if (!this.nav.isNarrow || PANES.indexOf(pane) >= PANES.indexOf(from)) return;
    const target = pane === "groups" ? this.groups.focusTarget() : this.threads.focusTarget();
    (target || byId(pane === "groups" ? "groups-heading" : "threads-heading")).focus();
  }

  /** The skip link: to the message box of the open thread, else to the threads. */
  skipToComposer() {
    if (this.messages.thread) {
      this.nav.go("messages");
      this.composer.focus();
      return;
    }
    const inGroup = Boolean(this.groups.selectedId);
    if (inGroup) this.nav.go("threads");
    const target = (inGroup ? this.threads : this.groups).focusTarget();
    (target || byId(inGroup ? "threads-heading" : "groups-heading")).focus();
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
    const replyTo = this.reply.take(thread.threadId);
    this.outbox.send(thread.groupId, thread.threadId, content, replyTo);
  }

  /**
   * A group was selected (or picked again): its threads and members are loaded, and on a
   * narrow screen its threads pane shows.
   * @param {Group | null} group
   * @param {Picked} how
   */
  async onGroupSelected(group, { byUser, changed }) {
    if (group && byUser) {
      this.nav.go("threads");
      if (this.nav.isNarrow) byId("threads-heading").focus();
    }
    if (!group) this.nav.reset();
    if (!changed) return;
    this.drawer.close();
    byId("members-toggle").hidden = !group;
    if (this.user) {
      const threadId = this.restoring.groupId === group?.groupId ? this.restoring.threadId : null;
      rememberSelection(this.user.userId, { groupId: group ? group.groupId : null, threadId });
    }
    this.members.showGroup(group);
    try {
      await this.threads.showGroup(group);
    } catch (error) {
      notifyError(error, "load the threads");
    }
    const { groupId, threadId } = this.restoring;
    this.restoring = { groupId: null, threadId: null };
    if (group && groupId === group.groupId && threadId && this.threads.threads.has(threadId)) {
      if (this.nav.isNarrow) this.nav.go("threads");
      this.threads.select(threadId);
    }
  }

  /**
   * A thread was selected (or picked again): its messages load, its draft comes back into
   * the box, and the user who picked it is taken to the box.
   * @param {Thread | null} thread
   * @param {Picked} how
   */
  async onThreadSelected(thread, { byUser, changed }) {
    if (thread) {
      this.nav.go("messages");
      if (document.visibilityState === "visible") this.unread.readThread(thread.threadId);
    } else if (this.nav.pane === "messages") this.nav.set("threads");
    if (changed) {
      this.composer.showThread(thread ? thread.threadId : null, this.drafts);
      this.typingLine.show(thread ? thread.threadId : null);
      this.reply.forThread(thread ? thread.threadId : null);
      if (this.user && thread) {
        rememberSelection(this.user.userId, {
          groupId: thread.groupId,
          threadId: thread.threadId,
        });
      }
    }
    if (byUser) this.composer.focus();
    if (!changed) return;
    this.announce("");
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
