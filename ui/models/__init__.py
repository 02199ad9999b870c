"""Qt item models over the data of db/ and desktop/ (tables, lists), one model per module."""
