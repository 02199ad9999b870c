"""The fuzz targets' fixtures: the enrolled world of the sync tests."""

from tests.desktop.sync_helpers import template, world  # noqa: F401 (fixtures)
