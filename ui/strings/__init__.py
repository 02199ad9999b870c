"""Every Vietnamese text the window shows, in one place.

Widgets never spell a user-facing string themselves: they take it from here, so wording is
reviewed in one place and a later move to Qt translation files touches only this package.
Texts with values in them are functions, so the grammar stays with the words.

The texts are kept in modules by area (`core`, `records`, `pages`, `first_start`) and all read
through this package: `from ui import strings; strings.SIGN_IN`.
"""

from ui.strings.core import *  # noqa: F403
from ui.strings.first_start import *  # noqa: F403
from ui.strings.pages import *  # noqa: F403
from ui.strings.records import *  # noqa: F403
from ui.strings.sheets import *  # noqa: F403
