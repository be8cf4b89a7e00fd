// A keyed collection ordered by most recent activity (lastMessageAt), with unread counts.
// Groups and threads both behave this way.

export class RankedItems {
  /** @param {string} idKey the record's id attribute, e.g. "groupId". */
  constructor(idKey) {
    this.idKey = idKey;
    this.items = new Map();
    this.unread = new Map();
  }

  clear() {
    this.items.clear();
    this.unread.clear();
  }

  has(id) {
    return this.items.has(id);
  }

  get(id) {
    return this.items.get(id);
  }

  /** Replace everything with these records; unread counts of records that remain are kept. */
  replace(records) {
    const ids = new Set(records.map((record) => record[this.idKey]));
    for (const id of this.unread.keys()) if (!ids.has(id)) this.unread.delete(id);
    this.items.clear();
    for (const record of records) this.items.set(record[this.idKey], record);
  }

  /** Add or update a record; a known record never moves back in time. */
  upsert(record) {
    const id = record[this.idKey];
    const known = this.items.get(id);
    if (known && known.lastMessageAt > record.lastMessageAt) {
      record = { ...record, lastMessageAt: known.lastMessageAt };
    }
    this.items.set(id, record);
  }

  /** Note activity at `at` (an ISO timestamp); returns false if the id is unknown. */
  touch(id, at) {
    const known = this.items.get(id);
    if (!known) return false;
    if (!(known.lastMessageAt >= at)) this.items.set(id, { ...known, lastMessageAt: at });
    return true;
  }

  markUnread(id) {
    this.unread.set(id, (this.unread.get(id) || 0) + 1);
  }

  markRead(id) {
    this.unread.delete(id);
  }

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
