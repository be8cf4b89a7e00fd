// @ts-check
// Debouncing: run a function once input has paused, e.g. a search as the user types.
// Pure (timers can be passed in), so `node --test` checks it (tests/js).

/**
 * A debounced function (see debounce).
 * @template {unknown[]} A
 * @typedef {((...args: A) => void) & {
 *   cancel: () => void, flush: () => void, readonly pending: boolean,
 * }} Debounced
 */

/**
 * The timer functions a debounced function uses; the global ones by default.
 * @typedef {{
 *   setTimeout: (callback: () => void, ms: number) => unknown,
 *   clearTimeout: (handle: any) => void,
 * }} Timers
 */

/**
 * A function that runs `fn` with the arguments of its last call once `waitMs` passed without
 * another call; `cancel()` drops a pending run, `flush()` runs it now.
 * @template {unknown[]} A
 * @param {(...args: A) => void} fn
 * @param {number} waitMs
 * @param {Timers} [timers]
 * @returns {Debounced<A>}
 */
export function debounce(fn, waitMs, timers = globalThis) {
  /** @type {unknown} */
  let handle;
  /** @type {A | null} */
  let waiting = null;
  const run = () => {
    const args = waiting;
    waiting = null;
    handle = undefined;
    if (args) fn(...args);
  };
  /** @param {A} args */
  const debounced = (...args) => {
    if (waiting) timers.clearTimeout(handle);
    waiting = args;
    handle = timers.setTimeout(run, waitMs);
  };
  const controls = Object.defineProperties(debounced, {
    cancel: {
      value: () => {
        if (waiting) timers.clearTimeout(handle);
        waiting = null;
        handle = undefined;
      },
    },
    flush: {
      value: () => {
        if (!waiting) return;
        timers.clearTimeout(handle);
        run();
      },
    },
    pending: { get: () => waiting !== null },
  });
  return /** @type {Debounced<A>} */ (controls);
}
