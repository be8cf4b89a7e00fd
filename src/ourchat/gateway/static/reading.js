// @ts-check
// Reading a thread: where the "New messages" divider goes when a thread opens, how many of
// its messages are still unread after my read pointer, and which message on screen is the
// newest one actually in view (the one markRead names). Pure, so `node --test` checks it
// (tests/js). MessageIds are ULIDs: they sort by time, as the thread's messages do.

/**
 * What these rules need of a message.
 * @typedef {{messageId: string, senderUserId: string, deletedAt?: string}} Said
 */

/**
 * What was unread in a thread when it opened: my read pointer and the unread count.
 * @typedef {{pointer: string | null, count: number}} ReadMark
 */

/**
 * Whether a message is one the server counts as unread to me after a pointer: someone
 * else's, not deleted, after the pointer (any, without one).
 * @param {Said} message
 * @param {string} me
 * @param {string | null} pointer
 */
function countsAsUnread(message, me, pointer) {
  if (message.senderUserId === me || message.deletedAt) return false;
  return !pointer || message.messageId > pointer;
}

/**
 * The message the "New messages" divider goes before: the first unread one. With a pointer,
 * the first message of someone else after it; without one (never read), the `count`-th of
 * others' messages counted back from the newest. Null when nothing is unread (count 0).
 * `settled` is false while an older page could still move it: the pointer (or the count) is
 * not reached among the messages loaded.
 * @param {Said[]} messages the thread's messages loaded, in order.
 * @param {string} me
 * @param {ReadMark} mark
 * @returns {{messageId: string | null, settled: boolean}}
 */
export function firstUnread(messages, me, { pointer, count }) {
  if (!(count > 0)) return { messageId: null, settled: true };
  if (pointer) {
    const first = messages.find((message) => countsAsUnread(message, me, pointer));
    const reached = messages.some((message) => message.messageId <= pointer);
    return { messageId: first ? first.messageId : null, settled: reached };
  }
  const unread = messages.filter((message) => countsAsUnread(message, me, null));
  if (unread.length === 0) return { messageId: null, settled: false };
  const index = Math.max(0, unread.length - count);
  return { messageId: unread[index].messageId, settled: unread.length >= count };
}

/**
 * How many messages the server counts as unread after a pointer, of those loaded.
 * @param {Said[]} messages
 * @param {string} me
 * @param {string | null} pointer
 */
export function unreadAfter(messages, me, pointer) {
  return messages.filter((message) => countsAsUnread(message, me, pointer)).length;
}

/**
 * Where a row is, from the top of the page (getBoundingClientRect's top and bottom).
 * @typedef {{top: number, bottom: number}} Extent
 */

/** Of a row taller than this, this much in view is enough to have been seen. */
export const SEEN_PX = 40;

/**
 * Whether enough of a row is in the view to count as seen: half of it, or SEEN_PX of a tall
 * one. A row with no height (its pane is hidden) is not seen.
 * @param {Extent} row
 * @param {Extent} view
 */
export function inView(row, view) {
  const height = row.bottom - row.top;
  if (!(height > 0) || !(view.bottom > view.top)) return false;
  const shown = Math.min(row.bottom, view.bottom) - Math.max(row.top, view.top);
  return shown > 0 && shown >= Math.min(height / 2, SEEN_PX);
}

/**
 * The newest message in view: looked for from the newest back, stopping at the first row
 * above the view (the older ones are above it too).
 * @param {string[]} messageIds in order, oldest first.
 * @param {(messageId: string) => Extent | null} extentOf a row's extent, null if none.
 * @param {Extent} view the scrolling list's.
 * @returns {string | null}
 */
export function newestInView(messageIds, extentOf, view) {
  for (let index = messageIds.length - 1; index >= 0; index -= 1) {
    const extent = extentOf(messageIds[index]);
    if (!extent) continue;
    if (inView(extent, view)) return messageIds[index];
    if (extent.bottom <= view.top && extent.bottom > extent.top) return null;
  }
  return null;
}
