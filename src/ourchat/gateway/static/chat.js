// @ts-check
// One signed-in session of the web client: its connection and outbox, wired to the
// invitations, groups, threads, messages and members columns through the server's replies
// and events; every event of a group's history in seq order, nothing missed across
// reconnects (resume.js: its comment has the algorithm); the panes one at a time on a narrow
// screen (nav.js), the unread counts behind the badges, the tab title and the notifications,
// from the server's counts (unread.js, notifications.js); markRead for the newest message
// seen; who is typing; drafts per thread, and the selection remembered across reloads;
// deleting my account (account.js), after which this browser forgets me, and the senders
// who deleted theirs shown as "Deleted user" (people.js).

import { AccountDeletion } from "./account.js";
import { Composer } from "./composer.js";
import { ChatConnection, RequestError } from "./connection.js";
import { debounce } from "./debounce.js";
import { byId } from "./dom.js";
import { Drafts } from "./drafts.js";
import { GroupsPane } from "./groups.js";
import { InvitationsPane } from "./invitations.js";
import { MembersPanel } from "./members.js";
import { MAX_CAUGHT_UP, MessagesPane } from "./messages.js";
import { Drawer, PaneNav, PANES } from "./nav.js";
import { clearNotices, showNotice } from "./notices.js";
import { Notifier } from "./notifications.js";
import { Outbox } from "./outbox.js";
import { NameBook, NameLookup } from "./people.js";
import { ACTIONS, EVENTS } from "./protocol.js";
import { ReplyBar } from "./reply.js";
import { GroupHistory, SYNC_LIMIT } from "./resume.js";
import {
  fetchLocalToken,
  forgetUser,
  rememberedPositions,
  rememberedSelection,
  rememberPositions,
  rememberSelection,
  rememberUser,
  socketUrl,
  userStorageKey,
} from "./session.js";
import { StatusIndicator } from "./status.js";
import { ThreadsPane } from "./threads.js";
import { notify, notifyError } from "./toasts.js";
import { TypingSender } from "./typing.js";
import { TypingLine } from "./typing_line.js";
import { titleWithCount, UnreadCounts } from "./unread.js";

/**
 * @import {
 *   ChatApi, Group, GroupInvitation, GroupView, MemberAdded, MemberRemoved, Me, Membership,
 *   Message, MessageDeleted, ReadUpdated, Role, Thread,
 * } from "./api.js"
 */
/**
 * @import { GatewayErrorDetail, OnlineDetail, ServerEvent, StatusDetail } from "./connection.js"
 */
/** @import { Picked } from "./groups.js" */
/** @import { SavedPositions, Selection, TokenReply } from "./session.js" */
/** @import { EventFrame, SyncReply } from "./resume.js" */
/** @import { EventName } from "./protocol.js" */

/**
 * What the client does with each event the server pushes, by name (protocol.js's EVENTS):
 * one entry per event, so a new event is one line here and a method. `seq` is the event's
 * number in its group's history, when it has one; GroupHistory (resume.js) hands them over
 * in seq order, each once.
 * @type {Record<EventName, (app: ChatApp, data: any, seq: number | undefined) => void>}
 */
const EVENT_HANDLERS = {
  [EVENTS.MESSAGE_CREATED]: (app, data, seq) => app.onMessageCreated(data, seq),
  [EVENTS.MESSAGE_UPDATED]: (app, data) => app.messages.noteUpdated(data),
  [EVENTS.MESSAGE_DELETED]: (app, data) => app.onMessageDeleted(data),
  [EVENTS.REACTION_ADDED]: (app, data, seq) => app.messages.noteReaction(data, true, seq),
  [EVENTS.REACTION_REMOVED]: (app, data, seq) => app.messages.noteReaction(data, false, seq),
  [EVENTS.THREAD_CREATED]: (app, data) => app.threads.noteThread(data),
  [EVENTS.THREAD_UPDATED]: (app, data) => app.onThreadUpdated(data),
  [EVENTS.GROUP_UPDATED]: (app, data) => app.onGroupUpdated(data),
  [EVENTS.MEMBER_ADDED]: (app, data, seq) => app.onMemberAdded(data, seq),
  [EVENTS.MEMBER_REMOVED]: (app, data) => app.onMemberRemoved(data),
  [EVENTS.MEMBER_UPDATED]: (app, data) => app.members.noteUpdated(data),
  [EVENTS.INVITATION_CREATED]: (app, data) => app.invitations.note(data),
  [EVENTS.READ_UPDATED]: (app, data) => app.onReadMoved(data),
  [EVENTS.TYPING]: (app, data) => app.typingLine.note(data),
  [EVENTS.PRESENCE_CHANGED]: (app, data) => app.members.notePresence(data),
  [EVENTS.ACCOUNT_DELETED]: (app, data) => {
    // Before the server closes this socket: signed out, the client does not reconnect
    // (which would start a new, empty account under the same identity).
    if (data?.userId && data.userId === app.user?.userId) {
      app.onAccountDeleted("Your account was deleted on another device or tab.");
    }
  },
};

/** Whoever is signed in; a blank user while nobody is (the panes then show nothing). */
const NOBODY = Object.freeze({ userId: "", userName: "" });

/**
 * Set (and removed at once) when an account is deleted on this browser, its value the user
 * id: the other tabs signed in as that user hear of it (a "storage" event) and sign out.
 */
const ERASED_KEY = "ourchat.erased";

/** The tab's title, after the unread count. */
const TITLE = "ourchat";

/** How much of a new message the screen reader's announcement reads. */
const ANNOUNCE_CHARS = 200;

/** A pause in scrolling (or a message shown) this long, and the newest one seen is read. */
const READ_AFTER_MS = 400;

/** How long a sync page may take (it reads up to 500 events). */
const SYNC_TIMEOUT_MS = 30_000;

/** Positions are saved this long after they last moved (and when the page goes). */
const SAVE_POSITIONS_AFTER_MS = 1_000;

/** A read.updated of a thread not on screen: its group's counts are fetched after this. */
const RECOUNT_AFTER_MS = 300;

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
    /** Senders shown without a name are looked up: a name, or "Deleted user". */
    this.lookup = new NameLookup(this.names, async (query, limit) => {
      /** @type {{users?: import("./api.js").PublicProfile[]}} */
      const data = await api.request(ACTIONS.findUsers, { query, limit });
      return data.users || [];
    });
    this.names.wanted = (userId) => this.lookup.want(userId);
    this.invitations = new InvitationsPane(api, this.names, (invitation, membership) =>
      this.onInvitationAccepted(invitation, membership),
    );
    this.groups = new GroupsPane(
      api,
      this.unread,
      (group, how) => this.onGroupSelected(group, how),
      (group) => this.onGroupCreated(group),
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
    this.reply = new ReplyBar(me, (id) => this.names.nameFor(id));
    this.names.addEventListener("change", () => this.reply.render());
    this.api = api;
    /** @type {GroupHistory | null} the session's positions in its groups' histories. */
    this.history = null;
    /** @type {Map<string, string>} groups gone since the last visit, synced to learn how. */
    this.departed = new Map();
    /** @type {Set<string>} groups I left or lost in this session (events may straggle in). */
    this.lostGroups = new Set();
    /** @type {GroupView[] | null} listGroups' answer while a resume runs (resets use it). */
    this.listedNow = null;
    /** The newest message seen is marked read once scrolling and arrivals pause. */
    this.readCheck = debounce(() => this.checkRead(), READ_AFTER_MS);
    /** @type {Map<string, import("./debounce.js").Debounced<[]>>} by groupId. */
    this.recounts = new Map();
    this.savePositions = debounce(() => this.flushPositions(), SAVE_POSITIONS_AFTER_MS);
    byId("message-scroller").addEventListener("scroll", () => this.readCheck(), { passive: true });
    window.addEventListener("focus", () => this.readCheck());
    window.addEventListener("pagehide", () => this.savePositions.flush());
    byId("sign-out").addEventListener("click", () => this.signOut());
    this.account = new AccountDeletion(
      api,
      () => this.user,
      (groupId) => this.groups.groups.get(groupId)?.groupName,
      () => this.onAccountDeleted("Your account was deleted."),
    );
    window.addEventListener("storage", (event) => {
      // A tab deleting the account itself waits for its own reply (which says so).
      const mine = event.newValue && event.newValue === this.user?.userId;
      if (event.key === ERASED_KEY && mine && !this.account.busy) {
        this.onAccountDeleted("Your account was deleted in another tab.", false);
      }
    });
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
    this.drafts = new Drafts(userStorageKey("drafts", reply.userId));
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
    const outbox = new Outbox(this.api, userStorageKey("outbox", reply.userId));
    const history = this.makeHistory(connection);
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
      live((/** @type {ServerEvent} */ detail) => history.receive(detail)),
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
    this.history = history;
    this.departed.clear();
    this.lostGroups.clear();
    // Only a name typed at sign-in is saved; signing in with the id alone keeps the old name.
    this.profileSaved = !userName;
    showView("chat");
    // Signed in with the form: the focus leaves it for the groups (their heading, until the
    // list arrives).
    if (byForm) byId("groups-heading").focus();
    connection.start();
  }

  /**
   * The positions of a session's connection in its groups' histories (resume.js): events go
   * through it, in seq order and once each, to EVENT_HANDLERS.
   * @param {ChatConnection} connection
   */
  makeHistory(connection) {
    const current = () => this.connection === connection;
    const history = new GroupHistory({
      apply: (frame) => {
        if (current()) this.handleEvent(frame);
      },
      sync: (groups, cursor) => this.requestSync(groups, cursor),
      reload: (groupIds) => (current() ? this.reloadGroups(groupIds) : Promise.resolve()),
      // The socket went: the reconnect's resume catches up (a timeout is not that).
      lost: (error) =>
        error instanceof RequestError && error.unanswered && error.code !== "timeout",
      failed: (error) => console.warn("ourchat: catching up failed:", error),
      moved: () => this.savePositions(),
    });
    return history;
  }

  /**
   * One page of `sync`.
   * @param {{groupId: string, afterSeq: number}[]} groups
   * @param {string | null} cursor
   * @returns {Promise<SyncReply>}
   */
  requestSync(groups, cursor) {
    /** @type {Record<string, unknown>} */
    const fields = { groups, limit: SYNC_LIMIT };
    if (cursor) fields.cursor = cursor;
    return this.api.request(ACTIONS.sync, fields, SYNC_TIMEOUT_MS);
  }

  signOut() {
    this.savePositions.flush();
    this.history = null;
    this.connection?.stop();
    this.connection = null;
    if (this.user) rememberUser(this.user.userId, this.user.userName, false);
    this.user = null;
    this.outbox = null;
    this.account.reset();
    this.lookup.reset();
    this.groups.reset();
    this.invitations.reset();
    this.members.reset();
    this.threads.showGroup(null);
    this.names.clear();
    this.unread.clear();
    this.typingLine.clear();
    this.departed.clear();
    this.readCheck.cancel();
    this.drafts = null;
    this.composer.showThread(null, null);
    this.drawer.close();
    this.nav.reset();
    clearNotices();
    this.status.show({ status: "stopped" });
    showView("signin");
  }

  /**
   * My account is deleted (here, or in another tab of this browser): sign out, and forget
   * what this browser keeps for me (drafts, unsent messages, the open thread, the positions,
   * the remembered sign-in); the sign-in form says so.
   * @param {string} status what the sign-in form says.
   * @param {boolean} [tell] tell the other tabs signed in as me.
   */
  onAccountDeleted(status, tell = true) {
    const user = this.user;
    this.signOut();
    if (!user) return;
    forgetUser(user.userId);
    if (tell) {
      try {
        localStorage.setItem(ERASED_KEY, user.userId);
        localStorage.removeItem(ERASED_KEY);
      } catch {
        // Storage refused: the other tabs are not told (the server closes their sockets).
      }
    }
    for (const id of ["signin-user-id", "signin-user-name"]) {
      const input = /** @type {HTMLInputElement} */ (byId(id));
      input.value = "";
    }
    byId("signin-status").textContent = status;
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
    await this.resume(reconnected);
  }

  /**
   * Catch up after a (re)connect (resume.js's algorithm): hold the live events, list the
   * groups (new ones are loaded at their seq), sync the groups I have from where I was, load
   * again those the server resets, then let the held events through. After a page reload
   * there is nothing to replay onto: everything loads afresh, and only the groups I had
   * before the reload and no longer have are synced, to learn how they ended.
   * @param {boolean} reconnected
   */
  async resume(reconnected) {
    const history = this.history;
    if (!history) return;
    const release = history.hold();
    if (reconnected) this.messages.beginCatchUp();
    let overflow = false;
    try {
      const listed = await this.groups.fetchAll();
      if (this.history !== history) return;
      this.listedNow = listed;
      this.adoptGroups(listed, reconnected);
      if (!reconnected) {
        this.restoreSelection();
        this.focusGroups();
      }
      const departed = reconnected ? undefined : this.departedSinceLastVisit(listed);
      await history.catchUp(departed);
    } catch (error) {
      if (!(error instanceof RequestError && error.unanswered)) {
        notifyError(error, "catch up with the chat");
      }
    } finally {
      this.listedNow = null;
      // A group gone since the last visit that the sync said nothing of is still mine (a
      // listing a moment behind): it comes back with the next listing, without a notice.
      for (const groupId of this.departed.keys()) history.forget(groupId);
      this.departed.clear();
      release();
      overflow = this.messages.endCatchUp();
    }
    if (!reconnected || this.history !== history) return;
    const thread = this.messages.thread;
    if (overflow && thread) {
      // Too much was missed to add it all: the latest page, "New messages" from my pointer.
      const mark = { pointer: this.unread.readUpTo(thread.threadId), count: MAX_CAUGHT_UP };
      this.messages
        .reload(mark)
        .then(() => this.readCheck())
        .catch((error) => notifyError(error, "load the messages"));
    } else {
      // What the sync brought into view is read (before the counts are asked for, so that
      // they do not count it again).
      this.checkRead();
    }
    // The open group's counts as they are now, its new threads, its members and their
    // presence (a watch ends with its connection).
    this.threads.refresh().catch((error) => notifyError(error, "load the threads"));
    this.members.load().catch((error) => notifyError(error, "load the members"));
  }

  /**
   * listGroups' answer on a (re)connect: new groups are tracked from their seq, and each
   * group's count is the server's, taken at that seq. The open group's own counts come with
   * its threads after the catch-up instead (ThreadsPane.refresh): what it counted until then
   * stays on screen meanwhile.
   * @param {GroupView[]} listed
   * @param {boolean} reconnected
   */
  adoptGroups(listed, reconnected) {
    const history = this.history;
    if (!history) return;
    for (const group of listed) {
      const seq = group.seq || 0;
      history.track(group.groupId, seq);
      this.lostGroups.delete(group.groupId);
      if (reconnected && group.groupId === this.groups.selectedId) {
        this.unread.setBasis(group.groupId, seq);
      } else this.unread.resetGroup(group.groupId, group.unreadCount || 0, seq);
    }
    // On a reconnect, a group no longer listed stays until the catch-up tells what became
    // of it (the sync reads memberships as they are; a listing may be a moment behind).
    if (reconnected) this.groups.upsertAll(listed);
    else this.groups.replace(listed);
  }

  /**
   * After a page reload: the groups saved before it (with their positions) that listGroups
   * no longer has. They are tracked from there, to be synced for their member.removed.
   * @param {GroupView[]} listed
   * @returns {string[]}
   */
  departedSinceLastVisit(listed) {
    if (!this.user || !this.history) return [];
    const listedIds = new Set(listed.map((group) => group.groupId));
    for (const [groupId, { seq, name }] of rememberedPositions(this.user.userId)) {
      if (listedIds.has(groupId)) continue;
      this.departed.set(groupId, name);
      this.history.track(groupId, seq);
    }
    return [...this.departed.keys()];
  }

  /**
   * Load groups again from scratch (the sync's `resets`, or a gap that would not close):
   * each is taken at its listed seq and count, and if it is open, its threads, members and
   * messages are fetched afresh; a group no longer listed is gone.
   * @param {string[]} groupIds
   */
  async reloadGroups(groupIds) {
    const history = this.history;
    if (!history) return;
    const listed = this.listedNow || (await this.groups.fetchAll());
    if (this.history !== history) return;
    const byId = new Map(listed.map((group) => [group.groupId, group]));
    for (const groupId of groupIds) {
      const group = byId.get(groupId);
      if (!group || this.departed.has(groupId)) {
        this.onGroupLost(groupId, "gone");
        continue;
      }
      history.moveTo(groupId, group.seq || 0);
      this.unread.resetGroup(groupId, group.unreadCount || 0, group.seq || 0);
      this.groups.upsert(group);
      if (this.groups.selectedId !== groupId) continue;
      this.threads.noteGroup(group);
      this.members.noteGroup(group);
      await Promise.all([this.threads.refresh(), this.members.load(), this.messages.reload()]);
    }
  }

  /**
   * listGroups again, outside a resume (I joined a group on another device, or a message
   * came from a group not listed): new groups are added and tracked from their seq; the
   * others keep their place in history.
   */
  async refreshGroups() {
    const history = this.history;
    if (!history) return;
    const listed = await this.groups.fetchAll();
    if (this.history !== history) return;
    const fresh = listed.filter((group) => !history.tracks(group.groupId));
    for (const group of fresh) {
      history.track(group.groupId, group.seq || 0);
      this.lostGroups.delete(group.groupId);
      this.unread.resetGroup(group.groupId, group.unreadCount || 0, group.seq || 0);
    }
    this.groups.upsertAll(fresh);
  }

  /**
   * Hand an event to its handler in EVENT_HANDLERS, in its group's seq order (GroupHistory
   * calls this); events this client does not know (a newer server's) are ignored. Of a group
   * gone since the last visit, only my own member.removed matters: it says how it ended.
   * @param {EventFrame} frame
   */
  handleEvent({ event, groupId, data, seq }) {
    if (!data || typeof data !== "object") return;
    if (!this.user || !this.outbox) return; // signed out: `live` lets no such event through
    if (groupId && this.departed.has(groupId)) {
      const removed = /** @type {MemberRemoved} */ (data);
      if (event !== EVENTS.MEMBER_REMOVED || removed.userId !== this.user.userId) return;
    }
    const handle = EVENT_HANDLERS[/** @type {EventName} */ (event)];
    if (handle) handle(this, data, typeof seq === "number" ? seq : undefined);
  }

  /** Save where I am in each group's history, with the group's name (session.js). */
  flushPositions() {
    if (!this.user || !this.history) return;
    /** @type {SavedPositions} */
    const saved = new Map();
    for (const [groupId, seq] of this.history.snapshot()) {
      const name = this.groups.groups.get(groupId)?.groupName;
      if (name !== undefined) saved.set(groupId, { seq, name });
    }
    rememberPositions(this.user.userId, saved);
  }

  /**
   * @param {Message} message
   * @param {number} [seq] the event's seq (a message's is its own `seq` too).
   */
  onMessageCreated(message, seq) {
    if (!this.user || !this.outbox) return;
    if (message.senderUserId === this.user.userId) this.outbox.acked(message);
    this.showMessage(message, false, seq ?? message.seq);
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
   * maybe on another device), the group joins my list, its history tracked from this event
   * (the first of the group a new member gets).
   * @param {MemberAdded} added
   * @param {number} [seq]
   */
  onMemberAdded(added, seq) {
    if (!this.user || !this.history) return;
    this.members.noteAdded(added);
    if (added.userId !== this.user.userId) return;
    const { groupId } = added;
    this.lostGroups.delete(groupId);
    if (typeof seq === "number" && this.history.track(groupId, seq)) {
      this.unread.resetGroup(groupId, 0, seq);
    }
    if (this.groups.groups.has(groupId)) return;
    const invitation = this.invitations.take(groupId);
    if (invitation) this.groups.upsert(invitation.group);
    else this.refreshGroups().catch((error) => notifyError(error, "refresh your groups"));
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
    } else if (removed.reason === "left") {
      // Deleting an account ends its memberships as leaving does: is the user still there?
      this.names.doubt(removed.userId);
      if (this.groups.selectedId === removed.groupId) this.lookup.want(removed.userId);
    }
  }

  /**
   * I left a group or was removed from it (or, while away, lost it some way the server no
   * longer tells: "gone"): it leaves my list (closing its threads if they were on screen, so
   * nothing more arrives there) and a notice says why. Called by the event and by the reply
   * to my own leaveGroup: the second call finds nothing to do.
   * @param {string} groupId
   * @param {"left" | "removed" | "gone"} reason
   */
  onGroupLost(groupId, reason) {
    const name = this.groups.groups.get(groupId)?.groupName ?? this.departed.get(groupId);
    this.history?.forget(groupId);
    this.departed.delete(groupId);
    this.lostGroups.add(groupId);
    if (name === undefined) return;
    this.groups.remove(groupId);
    this.unread.forgetGroup(groupId);
    showNotice(
      reason === "left"
        ? `You left ${name}`
        : reason === "removed"
          ? `You were removed from ${name}`
          : `You are no longer a member of ${name}`,
    );
  }

  /**
   * I created a group: its history starts at its seq (0).
   * @param {Group} group
   */
  onGroupCreated(group) {
    if (this.history?.track(group.groupId, group.seq || 0)) {
      this.unread.resetGroup(group.groupId, 0, group.seq || 0);
    }
  }

  /**
   * I accepted an invitation: the group joins my list, selected, its history tracked from my
   * member.added (unless that event came first).
   * @param {GroupInvitation} invitation
   * @param {Membership} membership
   */
  onInvitationAccepted(invitation, membership) {
    const seq = membership?.joinedSeq ?? invitation.group.seq ?? 0;
    this.lostGroups.delete(invitation.groupId);
    if (this.history?.track(invitation.groupId, seq)) {
      this.unread.resetGroup(invitation.groupId, 0, seq);
    }
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
   * Show a stored message everywhere it matters: its thread, and the order of lists. A
   * message of someone else counts as unread unless it arrives where I am reading (the
   * thread on screen, the tab visible, scrolled to the end): that one is marked read.
   * @param {Message} message
   * @param {boolean} ownReply the reply to my own send: scroll to it.
   * @param {number} [seq] its seq in its group, for a message.created.
   */
  showMessage(message, ownReply, seq) {
    if (!this.user) return;
    const mine = message.senderUserId === this.user.userId;
    const onScreen = this.messages.shows(message.threadId);
    const fresh = onScreen && !this.messages.list.has(message.messageId);
    const reading = onScreen && this.messages.isReading();
    this.messages.receive(message, ownReply);
    this.typingLine.stop(message.threadId, message.senderUserId);
    this.threads.noteMessage(message);
    if (!this.groups.noteMessage(message) && !this.lostGroups.has(message.groupId)) {
      this.refreshGroups().catch((error) => notifyError(error, "refresh your groups"));
    }
    if (onScreen) this.readCheck();
    // A repeat (delivery is at least once) or my own message is news to nobody.
    if (mine || ownReply || (onScreen && !fresh)) return;
    if (!reading) {
      this.unread.add(message.groupId, message.threadId, 1, seq);
      if (onScreen) this.messages.markNew(message.messageId);
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
    if (document.visibilityState === "visible") this.readCheck();
    else this.readCheck.cancel();
  }

  /**
   * Mark the open thread read up to the newest message in view (messages.js), if that is
   * further than my pointer: only while the tab is visible, the thread open and scrolled to
   * show it. Its count is what is left after it, at once; the reply (or a read.updated)
   * brings the pointer as the server has it.
   */
  checkRead() {
    const thread = this.messages.thread;
    if (!thread || this.api.status !== "online") return;
    const seen = this.messages.newestSeen();
    if (!seen) return;
    const { threadId, groupId } = thread;
    const upTo = this.unread.readUpTo(threadId);
    if (upTo && upTo >= seen) return;
    this.unread.markPending(threadId, seen);
    this.unread.setThread(groupId, threadId, this.messages.unreadAfter(seen));
    this.api
      .request(ACTIONS.markRead, { threadId, messageId: seen })
      .then((/** @type {ReadUpdated} */ read) => {
        this.unread.dropPending(threadId, seen);
        this.onReadMoved(read);
      })
      .catch((error) => {
        // Not marked: the next look (a scroll, the tab shown, a reconnect) sends it again.
        this.unread.dropPending(threadId, seen);
        console.warn("ourchat: markRead failed:", error);
      });
  }

  /**
   * My read pointer of a thread moved: the reply to my markRead, or read.updated (I read it
   * on another device). The thread's count is what is left after it: counted here if the
   * thread is on screen, else asked of the server (its group's threads).
   * @param {ReadUpdated} read
   */
  onReadMoved({ groupId, threadId, messageId }) {
    if (typeof threadId !== "string" || typeof messageId !== "string") return;
    this.unread.notePointer(threadId, messageId);
    const pointer = this.unread.readUpTo(threadId);
    if (this.messages.shows(threadId)) {
      this.unread.setThread(groupId, threadId, this.messages.unreadAfter(pointer));
      return;
    }
    this.unread.setThread(groupId, threadId, 0);
    this.recount(groupId);
  }

  /**
   * Fetch a group's unread counts again, soon (several read.updated make one request): its
   * first page of threads has every thread its count sums.
   * @param {string} groupId
   */
  recount(groupId) {
    let pending = this.recounts.get(groupId);
    if (!pending) {
      pending = debounce(() => {
        this.recounts.delete(groupId);
        this.fetchCounts(groupId).catch((error) => {
          console.warn("ourchat: could not count the unread messages again:", error);
        });
      }, RECOUNT_AFTER_MS);
      this.recounts.set(groupId, pending);
    }
    pending();
  }

  /** @param {string} groupId */
  async fetchCounts(groupId) {
    if (!this.groups.groups.has(groupId)) return;
    if (this.threads.group?.groupId === groupId) {
      await this.threads.refresh();
      return;
    }
    /** @type {{threads: import("./api.js").ThreadView[]}} */
    const data = await this.api.request(ACTIONS.getThreadsByGroup, { groupId });
    if (this.groups.groups.has(groupId)) this.unread.loadThreads(groupId, data.threads || [], true);
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
    if (pane === "messages") this.readCheck();
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
    if (thread) this.nav.go("messages");
    else if (this.nav.pane === "messages") this.nav.set("threads");
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
    // What was unread when it opened: the "New messages" divider goes before the first.
    const id = thread ? thread.threadId : "";
    const mark = { pointer: this.unread.readUpTo(id), count: this.unread.threadCount(id) };
    const loading = this.messages.showThread(thread, mark);
    if (this.outbox) this.messages.syncPending(this.outbox.entries());
    try {
      this.ackOwn(await loading);
      this.readCheck();
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
