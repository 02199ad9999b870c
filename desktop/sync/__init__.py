"""Sync over USB: identities and enrolment, signed and encrypted packages, import, receipts, relay.

See docs/SYNC-FORMAT.md for the format byte by byte and the threats it counters.
"""
