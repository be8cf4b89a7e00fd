// The texts the client shows, worked out without the DOM: times, lengths, the connection
// status and error messages. Pure functions, so `node --test` checks them (tests/js).

const STATUS_LABELS = { connecting: "Connecting…", online: "Online", stopped: "Signed out" };

/** Return "14:05" for today, "3 Mar 14:05" for other days, the raw text if not a date. */
export function shortTime(iso, now = new Date()) {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return String(iso);
  const clock = { hour: "2-digit", minute: "2-digit" };
  if (when.toDateString() === now.toDateString()) {
    return when.toLocaleTimeString([], clock);
  }
  return when.toLocaleString([], { day: "numeric", month: "short", ...clock });
}

/** The full local date and time, for a tooltip; the raw text if not a date. */
export function fullTime(iso) {
  const when = new Date(iso);
  return Number.isNaN(when.getTime()) ? String(iso) : when.toLocaleString();
}

/** Count characters as the server does (code points, not UTF-16 units). */
export function codePoints(text) {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** The top bar's text for a "status" event's detail: {status, retryAt?}, at time `now`. */
export function statusText(status, retryAt, now = Date.now()) {
  if (status === "reconnecting" && retryAt) {
    const seconds = Math.ceil((retryAt - now) / 1000);
    return seconds > 0 ? `Reconnecting in ${seconds} s` : "Reconnecting…";
  }
  return STATUS_LABELS[status] || "Reconnecting…";
}

/** An error's message if it has a non-empty one, else the value itself as text. */
export function errorText(error) {
  const message = error ? error.message : undefined;
  return message ? String(message) : String(error);
}

/** A toast's text for a failure: "Could not <doing>: <message>", or just the message. */
export function failureText(error, doing) {
  const message = error && typeof error.message === "string" ? error.message : String(error);
  return doing ? `Could not ${doing}: ${message}` : message;
}
