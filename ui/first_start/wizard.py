"""The first-start window: the steps of making this folder a unit, one page at a time.

Create: choice → unit (place_page) → admin account (admin_page) → the unit is created (the
database, its key, the admin) → recovery code (recovery_page) → fingerprint and enrolment
(enrol_page) → `created(session)`: the main window opens, signed in as the admin.
Restore: choice → backup (restore_page) → `restored(message)`: the login window opens.

"Quay lại" goes back until the unit exists; from then on the unit is made and only forward
remains. Enter presses the main button; Esc does nothing (closing the window leaves the folder
as it was until the unit is created).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UnitError
from desktop.security.session import Session
from ui import strings
from ui.first_start.admin_page import AdminPage
from ui.first_start.choice_page import CREATE, ChoicePage
from ui.first_start.common import StepPage
from ui.first_start.enrol_page import EnrolPage
from ui.first_start.place_page import PlacePage
from ui.first_start.recovery_page import RecoveryPage
from ui.first_start.restore_page import RestorePage, when

CARD_WIDTH = 640


class FirstStartWindow(QWidget):
    """Make the empty `data_dir` a unit; `created(Session)` or `restored(str)` when done."""

    created = Signal(object)
    restored = Signal(str)

    def __init__(
        self, data_dir: Path, *, removable: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.removable = removable
        self.session: Session | None = None
        self.setObjectName("loginWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle(strings.FIRST_START_TITLE)
        self.resize(820, 680)  # 1366×768 less a title bar and a task bar

        self.choice = ChoicePage()
        self.place = PlacePage()
        self.admin = AdminPage()
        self.recovery = RecoveryPage()
        self.enrol = EnrolPage()
        self.restore = RestorePage()
        self.pages = QStackedWidget()
        for page in (
            self.choice,
            self.place,
            self.admin,
            self.recovery,
            self.enrol,
            self.restore,
        ):
            self.pages.addWidget(page)
            page.changed.connect(self._update_buttons)

        self.back_button = QPushButton(strings.BACK)
        self.back_button.setObjectName("secondaryButton")
        self.next_button = QPushButton(strings.NEXT)
        self.next_button.setObjectName("primaryButton")
        self.next_button.setDefault(True)
        self.next_button.setAutoDefault(True)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.forward)

        app_name = QLabel(strings.APP_NAME)
        app_name.setObjectName("loginAppName")
        folder = QLabel(strings.data_folder(str(data_dir), removable=removable))
        folder.setObjectName("note")
        folder.setWordWrap(True)
        folder.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        card = QFrame()
        card.setObjectName("loginCard")
        card.setFixedWidth(CARD_WIDTH)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 24, 32, 24)
        inner.addWidget(app_name, alignment=Qt.AlignmentFlag.AlignHCenter)
        inner.addSpacing(10)
        inner.addWidget(self.pages, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        inner.addSpacing(10)
        inner.addLayout(buttons)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 12)
        outer.addWidget(card, 1, alignment=Qt.AlignmentFlag.AlignHCenter)
        outer.addWidget(folder)
        self._go(self.choice)

    # -- moving between steps ------------------------------------------------------------------

    def current(self) -> StepPage:
        page = self.pages.currentWidget()
        assert isinstance(page, StepPage)
        return page

    def _go(self, page: StepPage) -> None:
        self.pages.setCurrentWidget(page)
        self._update_buttons()
        page.enter()

    def _update_buttons(self) -> None:
        page = self.current()
        self.back_button.setVisible(page in (self.place, self.admin, self.restore))
        texts = {
            self.admin: strings.CREATE_UNIT,
            self.enrol: strings.START_USING,
            self.restore: strings.RESTORE,
        }
        self.next_button.setText(texts.get(page, strings.NEXT))
        self.next_button.setEnabled(page.ready())

    def back(self) -> None:
        page = self.current()
        if page is self.admin:
            self._go(self.place)
        elif page in (self.place, self.restore):
            self._go(self.choice)

    def forward(self) -> None:
        """What the main button does on the current step (nothing while it is not ready)."""
        page = self.current()
        if not page.ready():
            return
        if page is self.choice:
            self._go(self.place if self.choice.choice() == CREATE else self.restore)
        elif page is self.place:
            self._go(self.admin)
        elif page is self.admin:
            self._create()
        elif page is self.recovery:
            self._go(self.enrol)
        elif page is self.enrol:
            session, self.session = self.session, None
            self.created.emit(session)
        elif page is self.restore:
            self._restore()

    def _create(self) -> None:
        from desktop.installation.setup import (
            create_unit,  # SQLite and the key derivation load only now
        )

        unit = self.place.unit()
        self._busy(strings.CREATING_UNIT)
        try:
            made = create_unit(
                self.data_dir,
                unit,
                admin_password=self.admin.password.text(),
                admin_username=self.admin.username.text().strip(),
                removable=self.removable,
            )
        except (UnitError, OSError) as exc:
            self.admin.message.setText(str(exc))
            return
        finally:
            self._idle()
        self.session = made.session
        self.admin.password.clear()
        self.admin.again.clear()
        self.recovery.show_code(unit.code, unit.name, made.recovery_code)
        self.enrol.show_session(made.session, unit.level)
        self._go(self.recovery)

    def _restore(self) -> None:
        self._busy(strings.RESTORING)
        try:
            result = self.restore.restore(self.data_dir)
        finally:
            self._idle()
        if result is not None:
            self.restored.emit(strings.restored(result.unit_code, when(result)))
        else:
            self._update_buttons()

    def _busy(self, text: str) -> None:
        self.next_button.setEnabled(False)
        self.back_button.setEnabled(False)
        self.next_button.setText(text)
        self.setCursor(Qt.CursorShape.WaitCursor)
        self.repaint()

    def _idle(self) -> None:
        self.unsetCursor()
        self.back_button.setEnabled(True)
        self._update_buttons()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter goes on, as the main button does (a line edit passes Enter up to here; the
        commune search keeps it to pick the first commune found while none is chosen)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.forward()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closed after the unit was made but before "Bắt đầu sử dụng": the unit stays, the
        # session is closed (the key forgotten); the next start shows the login.
        if self.session is not None:
            self.session.close()
            self.session = None
        super().closeEvent(event)
