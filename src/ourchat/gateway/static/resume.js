// @ts-check
// Nothing missed across reconnects: the seq of each group's history the client has applied,
// and how it catches up with `sync` (docs/protocol.md). Pure: the requests and the handling of
// an event are passed in (HistoryHooks), so `node --test` checks it (tests/js).
//
// The resume algorithm the client follows:
// 1. Positions. Per group, the seq of the last event applied (`positions`): listGroups' `seq`
//    when a group is loaded (the client has nothing of it yet; a new member's first event is
//    its member.added, a creator's group starts at 0), then the seq of each event applied.
// 2. On every (re)connect: hold every live event of a group's history (kept by group, in
//    `held`); call listGroups (new groups: load them, take their seq); then `sync` from the
//    positions of the groups the client has, every page (`nextCursor`, with the same
//    groups), and apply the events in order, skipping any with seq <= position (a live push
//    may race the sync: duplicates arrive); load again from scratch the groups in `resets`
//    (chat.js takes their seq from listGroups); then let the held events through, again
//    skipping seq <= position. After a page reload the client has nothing to replay onto: it
//    loads every group afresh, and syncs only the groups it had before the reload that
//    listGroups no longer has, to learn how they ended (member.removed: left or removed).
// 3. While live: an event with seq = position + 1 is applied; seq <= position is a duplicate,
//    ignored; seq > position + 1 is a gap: `sync` that group, holding its live events
//    meanwhile, and apply them after. A gap that a few syncs cannot close (GAP_ATTEMPTS)
//    reloads the group.
// 4. Events that are not history (no seq: invitation.created, read.updated, typing,
//    presence.changed) are applied as they come, and so are those of a group the client does
//    not track (joined a moment ago and not loaded yet: its member.added starts it).
// 5. A sync that fails because the connection went keeps its group's events held: the
//    reconnect's resume (2) syncs again and lets them through.

/**
 * A pushed event's frame, as the server sends it and as `sync` returns it: `groupId` and
 * `seq` for the events of a group's history.
 * @typedef {{event: string, groupId?: string, seq?: unknown, data?: unknown}} EventFrame
 */

/**
 * One group's position in a sync request.
 * @typedef {{groupId: string, afterSeq: number}} SyncPosition
 */

/**
 * The reply to `sync`: frames ordered by groupId then seq; `resets`, the groups to load again.
 * @typedef {{events?: EventFrame[], nextCursor?: string | null, resets?: string[]}} SyncReply
 */

/**
 * What GroupHistory needs of the client.
 * @typedef {{
 *   apply: (frame: EventFrame) => void,
 *   sync: (groups: SyncPosition[], cursor: string | null) => Promise<SyncReply>,
 *   reload: (groupIds: string[]) => Promise<void>,
 *   lost?: (error: unknown) => boolean,
 *   failed?: (error: unknown) => void,
 *   moved?: () => void,
 *   wait?: (ms: number) => Promise<void>,
 * }} HistoryHooks
 * - `apply` handles one event (chat.js's EVENT_HANDLERS).
 * - `sync` sends the request: its groups are the same for every page of one catch-up.
 * - `reload` loads groups again from scratch; it calls moveTo (or forget) for each.
 * - `lost` tells a failure of the connection (the reconnect catches up) from another one.
 * - `failed` hears of the other failures; `moved` of positions that changed (to save them).
 */

/** Syncs of one gap before its group is loaded again instead. */
export const GAP_ATTEMPTS = 3;
/** The pause before a gap's next sync, times the attempt. */
export const GAP_RETRY_MS = 500;
/** Events asked for per sync page (the server's most; a reply also stops under 96 KiB). */
export const SYNC_LIMIT = 500;
/** Pages one catch-up reads at most (a server that kept handing out cursors). */
export const MAX_SYNC_PAGES = 1_000;

/**
 * @param {EventFrame} frame
 * @returns {frame is EventFrame & {groupId: string, seq: number}}
 */
export function isHistory(frame) {
  return typeof frame.groupId === "string" && Number.isInteger(frame.seq);
}

/** @param {number} ms */
function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class GroupHistory {
  /** @param {HistoryHooks} hooks */
  constructor(hooks) {
    this.hooks = hooks;
    /** @type {Map<string, number>} by groupId: the seq of the last event applied. */
    this.positions = new Map();
    /** @type {Map<string, EventFrame[]>} by groupId: live events held back. */
    this.held = new Map();
    /** @type {Set<string>} the groups a sync (or a reload) is bringing up to date. */
    this.syncing = new Set();
    /** How many holds are on (a resume): while any is, every group's events are held. */
    this.holds = 0;
  }

  /** @param {string} groupId */
  tracks(groupId) {
    return this.positions.has(groupId);
  }

  /** @param {string} groupId */
  position(groupId) {
    return this.positions.get(groupId);
  }

  /**
   * Start tracking a group just loaded, at the seq it was loaded at; a group already
   * tracked keeps its position (its missed events come from sync). Returns whether it was new.
   * @param {string} groupId
   * @param {number} seq
   */
  track(groupId, seq) {
    if (this.positions.has(groupId)) return false;
    this.positions.set(groupId, seq);
    this.hooks.moved?.();
    return true;
  }

  /**
   * A group was loaded again from scratch at this seq.
   * @param {string} groupId
   * @param {number} seq
   */
  moveTo(groupId, seq) {
    this.positions.set(groupId, seq);
    this.hooks.moved?.();
  }

  /**
   * Stop tracking a group (I left it, or was removed); its held events go too.
   * @param {string} groupId
   */
  forget(groupId) {
    this.held.delete(groupId);
    if (this.positions.delete(groupId)) this.hooks.moved?.();
  }

  /**
   * A live event from the connection.
   * @param {EventFrame} frame
   */
  receive(frame) {
    if (!isHistory(frame)) {
      this.apply(frame);
      return;
    }
    if (this.holds > 0 || this.syncing.has(frame.groupId)) this.keep(frame.groupId, [frame]);
    else this.take(frame.groupId, [frame]);
  }

  /**
   * Hold every live event of a history until the returned function is called (once the
   * resume of a (re)connect is done); then those held are let through, in order.
   * @returns {() => void}
   */
  hold() {
    this.holds += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds -= 1;
      if (this.holds === 0) {
        for (const groupId of [...this.held.keys()]) {
          if (!this.syncing.has(groupId)) this.letThrough(groupId);
        }
      }
    };
  }

  /**
   * Catch up with `sync`: the events of these groups (every group tracked by default) after
   * their positions, every page, applied in order; then the groups in `resets` are loaded
   * again (hooks.reload). Rejects if a request fails: the held events stay held.
   * @param {string[]} [groupIds]
   */
  async catchUp(groupIds) {
    const wanted = (groupIds || [...this.positions.keys()]).filter((id) => this.tracks(id));
    if (wanted.length === 0) return;
    for (const groupId of wanted) this.syncing.add(groupId);
    try {
      const resets = await this.fetch(wanted);
      if (resets.length > 0) await this.hooks.reload(resets);
    } finally {
      for (const groupId of wanted) this.syncing.delete(groupId);
      if (this.holds === 0) for (const groupId of wanted) this.letThrough(groupId);
    }
  }

  /**
   * Sync the groups from their positions now, every page; returns the groups to reload.
   * @param {string[]} groupIds tracked groups.
   * @returns {Promise<string[]>}
   */
  async fetch(groupIds) {
    /** @type {SyncPosition[]} the same for every page, as the server wants */
    const groups = groupIds.map((groupId) => ({
      groupId,
      afterSeq: /** @type {number} */ (this.positions.get(groupId)),
    }));
    /** @type {Set<string>} */
    const resets = new Set();
    /** @type {string | null} */
    let cursor = null;
    for (let page = 0; page < MAX_SYNC_PAGES; page += 1) {
      const reply = await this.hooks.sync(groups, cursor);
      for (const frame of reply.events || []) this.applySynced(frame);
      for (const groupId of reply.resets || []) resets.add(groupId);
      cursor = reply.nextCursor || null;
      if (!cursor) return [...resets];
    }
    throw new Error(`sync handed out more than ${MAX_SYNC_PAGES} pages`);
  }

  /**
   * An event from sync: the server's answer has no gap, so it is applied unless it is one
   * the client has already.
   * @param {EventFrame} frame
   */
  applySynced(frame) {
    if (!isHistory(frame)) {
      this.apply(frame);
      return;
    }
    const position = this.positions.get(frame.groupId);
    if (position !== undefined) {
      if (frame.seq <= position) return;
      this.positions.set(frame.groupId, frame.seq);
      this.hooks.moved?.();
    }
    this.apply(frame);
  }

  /**
   * Apply a group's events from its position, in seq order; at a gap the rest is held and
   * the gap is filled with sync.
   * @param {string} groupId
   * @param {EventFrame[]} frames
   */
  take(groupId, frames) {
    const ordered = [...frames].sort((a, b) => Number(a.seq) - Number(b.seq));
    for (let index = 0; index < ordered.length; index += 1) {
      const frame = ordered[index];
      const seq = Number(frame.seq);
      const position = this.positions.get(groupId);
      if (position === undefined) {
        this.apply(frame); // a group not tracked (yet): nothing to compare with
      } else if (seq <= position) {
        // a duplicate: applied already
      } else if (seq === position + 1) {
        this.positions.set(groupId, seq);
        this.hooks.moved?.();
        this.apply(frame);
      } else {
        this.keep(groupId, ordered.slice(index));
        this.fill(groupId);
        return;
      }
    }
  }

  /**
   * Sync one group whose live events skipped some seqs, holding its events meanwhile; a gap
   * that GAP_ATTEMPTS syncs cannot close has the group loaded again.
   * @param {string} groupId
   */
  async fill(groupId) {
    if (this.syncing.has(groupId)) return;
    this.syncing.add(groupId);
    let settled = false;
    let lost = false;
    try {
      for (let attempt = 0; attempt < GAP_ATTEMPTS && !settled; attempt += 1) {
        if (attempt > 0) await (this.hooks.wait || pause)(GAP_RETRY_MS * attempt);
        if (!this.tracks(groupId)) {
          this.held.delete(groupId); // forgotten meanwhile (I left the group)
          return;
        }
        try {
          const resets = await this.fetch([groupId]);
          if (resets.includes(groupId)) {
            await this.hooks.reload([groupId]);
            settled = true;
          } else settled = !this.gapAhead(groupId);
        } catch (error) {
          if (this.isLost(error)) {
            lost = true;
            return;
          }
          this.hooks.failed?.(error);
        }
      }
      if (!settled && this.tracks(groupId)) {
        try {
          await this.hooks.reload([groupId]);
          settled = true;
        } catch (error) {
          lost = this.isLost(error);
          if (!lost) this.hooks.failed?.(error);
        }
      }
    } finally {
      this.syncing.delete(groupId);
      // Lost: the reconnect's resume catches up and lets them through. Otherwise, if even a
      // reload failed, the held events go through as they are rather than stay stuck.
      if (!lost && this.holds === 0) this.letThrough(groupId, !settled);
    }
  }

  /**
   * Whether the events held for a group start after a missing seq.
   * @param {string} groupId
   */
  gapAhead(groupId) {
    const position = this.positions.get(groupId);
    const frames = this.held.get(groupId) || [];
    if (position === undefined) return false;
    const next = frames.map((frame) => Number(frame.seq)).filter((seq) => seq > position);
    return next.length > 0 && Math.min(...next) > position + 1;
  }

  /**
   * Apply the events held for a group (from its position; at a gap, filling it again).
   * @param {string} groupId
   * @param {boolean} [skipGaps] apply past gaps too (when filling one failed for good).
   */
  letThrough(groupId, skipGaps = false) {
    const frames = this.held.get(groupId);
    if (!frames) return;
    this.held.delete(groupId);
    if (!skipGaps) {
      this.take(groupId, frames);
      return;
    }
    const ordered = [...frames].sort((a, b) => Number(a.seq) - Number(b.seq));
    for (const frame of ordered) this.applySynced(frame);
  }

  /**
   * @param {string} groupId
   * @param {EventFrame[]} frames
   */
  keep(groupId, frames) {
    const held = this.held.get(groupId);
    if (held) held.push(...frames);
    else this.held.set(groupId, [...frames]);
  }

  /** @param {EventFrame} frame */
  apply(frame) {
    try {
      this.hooks.apply(frame);
    } catch (error) {
      // One event's failure must not stop the others (nor leave the positions half-moved).
      this.hooks.failed?.(error);
    }
  }

  /** @param {unknown} error */
  isLost(error) {
    return Boolean(this.hooks.lost?.(error));
  }

  /**
   * The positions, to save: [groupId, seq] pairs.
   * @returns {[string, number][]}
   */
  snapshot() {
    return [...this.positions];
  }
}
