// @ts-check
// How a thread's messages are laid out in time: a separator before the first message of each
// day ("Today", "Yesterday", "Monday 2 March"), and consecutive messages of one sender within
// a few minutes grouped under one name. Pure, so `node --test` checks it (tests/js).

/** Messages of one sender closer than this together share one header. */
export const GROUP_GAP_MS = 5 * 60_000;

/**
 * What the layout needs of a message.
 * @typedef {{messageId: string, senderUserId: string, createdAt: string}} Stamped
 */

/**
 * Where each message goes: `day` is the day's key (YYYY-MM-DD in local time) when a
 * separator comes before it, else null; `continued` when it follows a message of the same
 * sender on the same day, less than GROUP_GAP_MS after it.
 * @typedef {{messageId: string, day: string | null, continued: boolean}} Placement
 */

/**
 * Place messages given in order.
 * @param {Stamped[]} messages
 * @returns {Placement[]}
 */
export function layOut(messages) {
  /** @type {Placement[]} */
  const placed = [];
  /** @type {Stamped | null} */
  let previous = null;
  let previousDay = "";
  for (const message of messages) {
    const day = dayKey(message.createdAt);
    const newDay = day !== previousDay;
    const gap = previous ? timeOf(message.createdAt) - timeOf(previous.createdAt) : Infinity;
    const continued =
      !newDay &&
      previous !== null &&
      previous.senderUserId === message.senderUserId &&
      gap >= 0 &&
      gap < GROUP_GAP_MS;
    placed.push({ messageId: message.messageId, day: newDay ? day : null, continued });
    previous = message;
    previousDay = day;
  }
  return placed;
}

/**
 * The local calendar day of a timestamp, "YYYY-MM-DD"; "" if it is not a date.
 * @param {string} iso
 */
export function dayKey(iso) {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return "";
  const month = String(when.getMonth() + 1).padStart(2, "0");
  const day = String(when.getDate()).padStart(2, "0");
  return `${when.getFullYear()}-${month}-${day}`;
}

/**
 * A separator's text: "Today", "Yesterday", the weekday and date within the year, else the
 * full date.
 * @param {string} day a dayKey.
 * @param {Date} [now]
 * @param {string | string[]} [locales]
 */
export function dayLabel(day, now = new Date(), locales = undefined) {
  const [year, month, date] = day.split("-").map(Number);
  if (!year || !month || !date) return day;
  const when = new Date(year, month - 1, date);
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const days = Math.round((today.getTime() - when.getTime()) / 86_400_000);
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  /** @type {Intl.DateTimeFormatOptions} */
  const options = { weekday: "long", day: "numeric", month: "long" };
  if (year !== now.getFullYear()) options.year = "numeric";
  return when.toLocaleDateString(locales, options);
}

/** @param {string} iso */
function timeOf(iso) {
  return new Date(iso).getTime();
}
