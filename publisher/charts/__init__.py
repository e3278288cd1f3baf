"""Charts drawn by matplotlib from the outline's data: one small function per chart kind, registered by name, rendered
once (PNG for the deck, a vector record for the report) and cached by content."""
