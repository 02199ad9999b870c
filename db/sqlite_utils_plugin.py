"""A sqlite-utils plugin (pyproject.toml's `sqlite_utils` entry point): the schema's SQL
functions (db.connection.register_functions) on the connections of the `sqlite-utils` command
and library, so they can write into a database with Sổ Hội's schema: its person-search indexes
are built on `given_first(full_name)`. The program's own connections run no plugin
(db.connection.open_database).
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import hookimpl

from db.connection import register_functions


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    register_functions(conn)
