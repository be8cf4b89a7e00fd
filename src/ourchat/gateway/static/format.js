// @ts-check
// The texts the client shows, worked out without the DOM: times, lengths, the connection
// status and error messages. Pure functions, so `node --test` checks them (tests/js).

/** @type {Partial<Record<import("./connection.js").ConnectionStatus, string>>} */
const STATUS_LABELS = { connecting: "Connecting…", online: "Online", stopped: "Signed out" };

/**
 * Return "14:05" for today, "3 Mar 14:05" for other days, the raw text if not a date.
 * @param {string} iso
 * @param {Date} [now] when "today" is.
 */
export function shortTime(iso, now = new Date()) {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return String(iso);
  /** @type {Intl.DateTimeFormatOptions} */
  const clock = { hour: "2-digit", minute: "2-digit" };
  if (when.toDateString() === now.toDateString()) {
    return when.toLocaleTimeString([], clock);
  }
  return when.toLocaleString([], { day: "numeric", month: "short", ...clock });
}

/**
 * The full local date and time, for a tooltip; the raw text if not a date.
 * @param {string} iso
 */
export function fullTime(iso) {
  const when = new Date(iso);
  return Number.isNaN(when.getTime()) ? String(iso) : when.toLocaleString();
}

/**
 * Count characters as the server does (code points, not UTF-16 units).
 * @param {string} text
 */
export function codePoints(text) {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/**
 * The top bar's text for a "status" event's detail: {status, retryAt?}, at time `now`.
 * @param {import("./connection.js").ConnectionStatus} status
 * @param {number} [retryAt] when the next attempt is due (ms since the epoch).
 * @param {number} [now]
 */
export function statusText(status, retryAt, now = Date.now()) {
  if (status === "reconnecting" && retryAt) {
    const seconds = Math.ceil((retryAt - now) / 1000);
    return seconds > 0 ? `Reconnecting in ${seconds} s` : "Reconnecting…";
  }
  return STATUS_LABELS[status] || "Reconnecting…";
}

/**
 * The `message` of whatever was thrown, if it has one.
 * @param {unknown} error
 */
function messageOf(error) {
  // Any value but null and undefined can be asked for a property.
  return error ? /** @type {{message?: unknown}} */ (error).message : undefined;
}

/**
 * An error's message if it has a non-empty one, else the value itself as text.
 * @param {unknown} error
 */
export function errorText(error) {
  const message = messageOf(error);
  return message ? String(message) : String(error);
}

/**
 * A toast's text for a failure: "Could not <doing>: <message>", or just the message.
 * @param {unknown} error
 * @param {string} [doing]
 */
export function failureText(error, doing) {
  const message = messageOf(error);
  const text = typeof message === "string" ? message : String(error);
  return doing ? `Could not ${doing}: ${text}` : text;
}

/** How much of a message a reply quotes, in characters (code points), as the server does. */
export const EXCERPT_CHARS = 140;

const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * What a reply quotes of a message: its first 140 characters (code points), or a few less
 * so as not to split an emoji or a letter from its accents (the server does the same).
 * @param {string} content
 */
export function excerptOf(content) {
  let excerpt = "";
  let length = 0;
  for (const { segment } of GRAPHEMES.segment(content)) {
    length += Array.from(segment).length;
    if (length > EXCERPT_CHARS) break;
    excerpt += segment;
  }
  return excerpt;
}
