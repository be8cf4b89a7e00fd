"""The local chat server: the Lambda handlers behind the local gateway, over SQLite."""
