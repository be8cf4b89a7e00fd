// @ts-check
// A keyed collection ordered by most recent activity (lastMessageAt), with unread counts.
// Groups and threads both behave this way.

/**
 * @template {string} K the id attribute's name.
 * @template {Record<K, string> & {lastMessageAt: string}} T the records.
 */
export class RankedItems {
  /** @param {K} idKey the record's id attribute, e.g. "groupId". */
  constructor(idKey) {
    this.idKey = idKey;
    /** @type {Map<string, T>} */
    this.items = new Map();
    /** @type {Map<string, number>} */
    this.unread = new Map();
  }

  clear() {
    this.items.clear();
    this.unread.clear();
  }

  /** @param {string} id */
  has(id) {
    return this.items.has(id);
  }

  /** @param {string} id */
  get(id) {
    return this.items.get(id);
  }

  /**
   * Replace everything with these records; unread counts of records that remain are kept.
   * @param {T[]} records
   */
  replace(records) {
    /** @type {Set<string>} */
    const ids = new Set(records.map((record) => record[this.idKey]));
    for (const id of this.unread.keys()) if (!ids.has(id)) this.unread.delete(id);
    this.items.clear();
    for (const record of records) this.items.set(record[this.idKey], record);
  }

  /**
   * Add or update a record; a known record never moves back in time.
   * @param {T} record
   */
  upsert(record) {
    const id = record[this.idKey];
    const known = this.items.get(id);
    if (known && known.lastMessageAt > record.lastMessageAt) {
      record = { ...record, lastMessageAt: known.lastMessageAt };
    }
    this.items.set(id, record);
  }

  /**
   * Forget a record and its unread count; returns false if the id is unknown.
   * @param {string} id
   */
  delete(id) {
    this.unread.delete(id);
    return this.items.delete(id);
  }

  /**
   * Note activity at `at` (an ISO timestamp); returns false if the id is unknown.
   * @param {string} id
   * @param {string} at
   */
  touch(id, at) {
    const known = this.items.get(id);
    if (!known) return false;
    if (!(known.lastMessageAt >= at)) this.items.set(id, { ...known, lastMessageAt: at });
    return true;
  }

  /** @param {string} id */
  markUnread(id) {
    this.unread.set(id, (this.unread.get(id) || 0) + 1);
  }

  /** @param {string} id */
  markRead(id) {
    this.unread.delete(id);
  }

  /** @param {string} id */
  unreadOf(id) {
    return this.unread.get(id) || 0;
  }

  /** Records, most recent activity first; ties broken by id, newest first (ids are ULIDs). */
  sorted() {
    const key = this.idKey;
    return [...this.items.values()].sort((a, b) => {
      if (a.lastMessageAt !== b.lastMessageAt) return a.lastMessageAt < b.lastMessageAt ? 1 : -1;
      return a[key] < b[key] ? 1 : a[key] > b[key] ? -1 : 0;
    });
  }
}
