"""Use cases of the chat, one function each; ports (store, pusher, clock) are passed in."""
