"""Versioned schema of the SQLite store, applied step by step and recorded in user_version.

The tables mirror the DynamoDB design (`ourchat.adapters.dynamodb.tables`): each DynamoDB
index has an SQLite index over the same keys, so both stores read rows in the same order.
Steps are append-only: a released step is never edited, a change is a new step.
"""

from __future__ import annotations

import sqlite3

# Each step is a tuple of statements; step N (1-based) brings the schema to version N.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE users (
            user_id TEXT PRIMARY KEY,
            user_name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            profile_image_url TEXT,
            date_of_birth TEXT
        ) STRICT, WITHOUT ROWID""",
        """CREATE TABLE groups (
            group_id TEXT PRIMARY KEY,
            group_name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            last_message_at TEXT NOT NULL,
            emoticon TEXT
        ) STRICT, WITHOUT ROWID""",
        # last_message_key is sort_key(last_message_at, thread_id), DynamoDB's lastMessageKey.
        """CREATE TABLE threads (
            thread_id TEXT PRIMARY KEY,
            group_id TEXT NOT NULL REFERENCES groups (group_id),
            thread_name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            last_message_at TEXT NOT NULL,
            color TEXT,
            last_message_key TEXT NOT NULL
        ) STRICT, WITHOUT ROWID""",
        "CREATE INDEX threads_by_group ON threads (group_id, last_message_key)",
        # sort_key is sort_key(created_at, message_id), DynamoDB's GSI1SK.
        """CREATE TABLE messages (
            message_id TEXT PRIMARY KEY,
            group_id TEXT NOT NULL,
            thread_id TEXT NOT NULL REFERENCES threads (thread_id),
            content TEXT NOT NULL,
            sender_user_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            client_message_id TEXT,
            sort_key TEXT NOT NULL
        ) STRICT, WITHOUT ROWID""",
        "CREATE INDEX messages_by_thread ON messages (group_id, thread_id, sort_key)",
        # A retried send finds its original here; messages without a client id never collide.
        """CREATE UNIQUE INDEX messages_by_client_id ON messages (sender_user_id, client_message_id)
            WHERE client_message_id IS NOT NULL""",
        """CREATE TABLE memberships (
            group_id TEXT NOT NULL REFERENCES groups (group_id),
            user_id TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('owner', 'member')),
            joined_at TEXT NOT NULL,
            PRIMARY KEY (group_id, user_id)
        ) STRICT, WITHOUT ROWID""",
        "CREATE INDEX memberships_by_user ON memberships (user_id, group_id)",
        """CREATE TABLE connections (
            connection_id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            connected_at TEXT NOT NULL,
            expires_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID""",
        "CREATE INDEX connections_by_user ON connections (user_id, expires_at)",
        "CREATE INDEX connections_by_expiry ON connections (expires_at)",
    ),
    # 2: roles with admins, invitations, departures, the numbered history of each group, and
    # the search keys of findUsers (search_key() is registered on the connection).
    (
        "ALTER TABLE groups ADD COLUMN seq INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE threads ADD COLUMN creator_user_id TEXT",
        "ALTER TABLE messages ADD COLUMN seq INTEGER",
        """CREATE UNIQUE INDEX messages_by_group_seq ON messages (group_id, seq)
            WHERE seq IS NOT NULL""",
        # A CHECK constraint cannot be altered: the table is rebuilt with the new role.
        """CREATE TABLE memberships_v2 (
            group_id TEXT NOT NULL REFERENCES groups (group_id),
            user_id TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
            joined_at TEXT NOT NULL,
            joined_seq INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (group_id, user_id)
        ) STRICT, WITHOUT ROWID""",
        """INSERT INTO memberships_v2 (group_id, user_id, role, joined_at)
            SELECT group_id, user_id, role, joined_at FROM memberships""",
        "DROP TABLE memberships",
        "ALTER TABLE memberships_v2 RENAME TO memberships",
        "CREATE INDEX memberships_by_user ON memberships (user_id, group_id)",
        # name_key is "<search key of the name>#<user id>", id_key the search key of the id:
        # findUsers reads both by prefix, like the two search indexes on DynamoDB.
        "ALTER TABLE users ADD COLUMN name_key TEXT",
        "ALTER TABLE users ADD COLUMN id_key TEXT",
        "UPDATE users SET name_key = search_key(user_name) || '#' || user_id,"
        " id_key = search_key(user_id)",
        "CREATE INDEX users_by_name_key ON users (name_key)",
        "CREATE INDEX users_by_id_key ON users (id_key)",
        # invite_key is sort_key(created_at, group_id): newest first, as DynamoDB's index.
        """CREATE TABLE invitations (
            user_id TEXT NOT NULL,
            group_id TEXT NOT NULL REFERENCES groups (group_id),
            invited_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            invite_key TEXT NOT NULL,
            PRIMARY KEY (user_id, group_id)
        ) STRICT, WITHOUT ROWID""",
        "CREATE INDEX invitations_by_invitee ON invitations (user_id, invite_key)",
        "CREATE INDEX invitations_by_expiry ON invitations (expires_at)",
        """CREATE TABLE departures (
            user_id TEXT NOT NULL,
            group_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            joined_seq INTEGER NOT NULL,
            reason TEXT NOT NULL,
            departed_at TEXT NOT NULL,
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (user_id, group_id)
        ) STRICT, WITHOUT ROWID""",
        # Events other than message.created (which the messages table holds by its seq);
        # message_id instead of data for events read from the message as it is now.
        """CREATE TABLE events (
            group_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            event TEXT NOT NULL,
            data TEXT,
            message_id TEXT,
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (group_id, seq)
        ) STRICT, WITHOUT ROWID""",
        "CREATE INDEX events_by_expiry ON events (expires_at)",
    ),
    # 3: messages people can fix: edits, tombstones, reactions (the counts as JSON on the
    # message, one row per reaction beside), and replies (the quote as JSON, and an index
    # of the replies to a message, which its deletion marks).
    (
        "ALTER TABLE messages ADD COLUMN edited_at TEXT",
        "ALTER TABLE messages ADD COLUMN deleted_at TEXT",
        "ALTER TABLE messages ADD COLUMN reactions TEXT",
        "ALTER TABLE messages ADD COLUMN reply_to TEXT",
        "ALTER TABLE messages ADD COLUMN reply_to_message_id TEXT",
        """CREATE INDEX messages_by_reply_to ON messages (reply_to_message_id)
            WHERE reply_to_message_id IS NOT NULL""",
        """CREATE TABLE reactions (
            message_id TEXT NOT NULL,
            emoji TEXT NOT NULL,
            user_id TEXT NOT NULL,
            PRIMARY KEY (message_id, emoji, user_id)
        ) STRICT, WITHOUT ROWID""",
    ),
    # 4: read pointers; presence (one row per live connection, so that the first and the
    # last of a user's are seen in one write); typing marks; the group a connection watches.
    (
        """CREATE TABLE read_pointers (
            user_id TEXT NOT NULL,
            thread_id TEXT NOT NULL,
            group_id TEXT NOT NULL,
            message_id TEXT NOT NULL,
            read_key TEXT NOT NULL,
            read_at TEXT NOT NULL,
            PRIMARY KEY (user_id, thread_id)
        ) STRICT, WITHOUT ROWID""",
        """CREATE TABLE presence (
            user_id TEXT NOT NULL,
            connection_id TEXT NOT NULL,
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (user_id, connection_id)
        ) STRICT, WITHOUT ROWID""",
        "CREATE INDEX presence_by_expiry ON presence (expires_at)",
        "ALTER TABLE memberships ADD COLUMN typing_thread_id TEXT",
        "ALTER TABLE memberships ADD COLUMN typing_at INTEGER",
        "ALTER TABLE connections ADD COLUMN watch_group_id TEXT",
        """CREATE INDEX connections_by_watch ON connections (watch_group_id)
            WHERE watch_group_id IS NOT NULL""",
    ),
)

LATEST_VERSION = len(MIGRATIONS)


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer ourchat whose schema this code does not know."""


def schema_version(connection: sqlite3.Connection) -> int:
    """Return the schema version recorded in the database (0 for a new file)."""
    row = connection.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(connection: sqlite3.Connection, database: str) -> int:
    """Apply every step newer than the database's version, in one transaction.

    Args:
        connection: An autocommit connection (isolation_level=None) with no open transaction.
        database: The file's name, for error messages.

    Returns:
        The schema version after migrating.

    Raises:
        SchemaTooNewError: The file's version is newer than this code knows.
    """
    # IMMEDIATE takes the write lock first, so two processes opening a new file at once do
    # not both apply step 1; the second one re-reads the version after the first commits.
    connection.execute("BEGIN IMMEDIATE")
    try:
        current = schema_version(connection)
        if current > LATEST_VERSION:
            raise SchemaTooNewError(
                f"{database} has schema version {current}, but this ourchat knows versions up "
                f"to {LATEST_VERSION} only; upgrade ourchat to open it"
            )
        for version in range(current + 1, LATEST_VERSION + 1):
            for statement in MIGRATIONS[version - 1]:
                connection.execute(statement)
        # PRAGMA takes no parameters; the version is an int this module computed.
        connection.execute(f"PRAGMA user_version = {LATEST_VERSION:d}")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    return LATEST_VERSION
