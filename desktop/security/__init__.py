"""Accounts and encryption at rest: the key file and its wraps, failed tries, re-keying, users
and roles, a signed-in session, the hash-chained audit log, and the drafts a session keeps in
the encrypted database (docs/SECURITY.md)."""
