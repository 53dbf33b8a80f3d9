"""State changes in a trainee's record. Each runs in a transaction, is idempotent (a repeat,
or two requests at once, leave one row), asks the gate (`courses.learning.access`) first and
raises a named exception that views turn into a clear message."""
