"""The `sohoi` command line: the root parser and its commands (`cli.main`), one module per
group of commands (users and audit, sync, backups, reports, sheets, the person search), what
they share (options, passwords, the command's scope) and the NDJSON of `load` and `dump`."""
