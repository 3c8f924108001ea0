"""Keeping the index in step with the database: the update queue and its writer,
the signals that feed it (or write directly, for a transactional backend), and
the drift check."""
