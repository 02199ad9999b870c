"""Encrypted backups of a unit: making them (automatic rotating copies and passphrase files),
their file format and sealed stream, restoring one, who may restore over a folder, and the
journaled swap that puts the restored files in place (docs/SECURITY.md)."""
