"""Widgets shared by the pages: the list panel, the indicator bars, the confirmations."""
