"""The parts of the Store port, one per area; `ourchat.ports.store.Store` joins them."""
