// @ts-check
// Types the client's modules share, in JSDoc only. No module imports this one at run time:
// they name its types as `import("./api.js").ChatApi`, which the browser never loads.

/**
 * The chat as the panes and the outbox reach it, built by ChatApp (chat.js): the current
 * session's connection, or, while signed out, status "stopped" and requests that fail with
 * code "offline". `request` resolves to the reply's `data` and rejects with a RequestError.
 * @typedef {{
 *   readonly status: import("./connection.js").ConnectionStatus,
 *   request(action: string, fields?: Record<string, unknown>, timeoutMs?: number): Promise<any>,
 * }} ChatApi
 */

export {};
