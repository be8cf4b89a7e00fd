// @ts-check
// What the emoji picker offers: the emoji I reacted with last (remembered in localStorage, per
// user), then common ones. Pure but for the storage, which the tests pass in (tests/js).

/** The common reactions, always offered. Each is one emoji, as the server requires. */
export const COMMON_EMOJI = Object.freeze(["👍", "❤️", "😂", "🎉", "😮", "😢", "🙏", "👀"]);

/** How many of the last used emoji are remembered and offered first. */
export const MAX_RECENT_EMOJI = 6;

/** The longest emoji the server takes, in UTF-8 bytes. */
const MAX_EMOJI_BYTES = 16;

/**
 * @param {unknown} value
 * @returns {value is string}
 */
function isEmojiText(value) {
  return (
    typeof value === "string" &&
    value.length > 0 &&
    new TextEncoder().encode(value).length <= MAX_EMOJI_BYTES
  );
}

export class RecentEmoji {
  /**
   * @param {string} storageKey where the list lives, e.g. "ourchat.recentEmoji.<userId>".
   * @param {() => Storage | undefined} [storage] localStorage by default.
   */
  constructor(storageKey, storage = () => globalThis.localStorage) {
    this.storageKey = storageKey;
    this.storage = storage;
  }

  /**
   * The last used emoji, most recent first.
   * @returns {string[]}
   */
  list() {
    try {
      const saved = JSON.parse(this.storage()?.getItem(this.storageKey) || "[]");
      return Array.isArray(saved) ? saved.filter(isEmojiText).slice(0, MAX_RECENT_EMOJI) : [];
    } catch {
      return [];
    }
  }

  /**
   * Remember that I reacted with this emoji: it comes first next time.
   * @param {string} emoji
   */
  use(emoji) {
    if (!isEmojiText(emoji)) return;
    const recent = [emoji, ...this.list().filter((one) => one !== emoji)];
    try {
      this.storage()?.setItem(
        this.storageKey,
        JSON.stringify(recent.slice(0, MAX_RECENT_EMOJI)),
      );
    } catch {
      // Storage may be full or refused: the picker then offers the common ones only.
    }
  }

  /**
   * The picker's emoji: the recent ones, then the common ones not among them.
   * @returns {string[]}
   */
  offer() {
    const recent = this.list();
    return [...recent, ...COMMON_EMOJI.filter((one) => !recent.includes(one))];
  }
}
