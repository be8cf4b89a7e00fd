// @ts-check
// A keyed collection ordered by most recent activity (lastMessageAt). Groups and threads both
// behave this way; their unread counts are unread.js's.

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
  }

  clear() {
    this.items.clear();
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
   * Replace everything with these records.
   * @param {T[]} records
   */
  replace(records) {
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
   * Forget a record; returns false if the id is unknown.
   * @param {string} id
   */
  delete(id) {
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

  /** Records, most recent activity first; ties broken by id, newest first (ids are ULIDs). */
  sorted() {
    const key = this.idKey;
    return [...this.items.values()].sort((a, b) => {
      if (a.lastMessageAt !== b.lastMessageAt) return a.lastMessageAt < b.lastMessageAt ? 1 : -1;
      return a[key] < b[key] ? 1 : a[key] > b[key] ? -1 : 0;
    });
  }
}
