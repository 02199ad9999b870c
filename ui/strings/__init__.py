"""Every Vietnamese text the window itself writes, in one place.

Widgets never spell a user-facing string themselves: they take it from here, so the window's
wording is reviewed in one place. Texts with values in them are functions, so the grammar stays
with the words. Not every Vietnamese sentence on screen starts here: the services of desktop/
and db/ raise their messages in Vietnamese (validation problems, refusals, results of sync,
import and reports: well over a thousand literals), and the window shows them as they are. A
move to Qt translation files would touch this package and those services.

The texts are kept in modules by area (`core`, `records`, `pages`, `accounts`, `first_start`,
`sheets`, `upper`: the province's and the centre's window) and all read through this package:
`from ui import strings; strings.SIGN_IN`.
"""

from ui.strings.accounts import *  # noqa: F403
from ui.strings.core import *  # noqa: F403
from ui.strings.first_report import *  # noqa: F403
from ui.strings.first_start import *  # noqa: F403
from ui.strings.pages import *  # noqa: F403
from ui.strings.periods import *  # noqa: F403
from ui.strings.records import *  # noqa: F403
from ui.strings.sheets import *  # noqa: F403
from ui.strings.upper import *  # noqa: F403
