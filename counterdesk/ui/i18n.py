"""Translations: English source strings, Vietnamese by default (Qt Linguist .ts -> .qm).

Each UI module has its own resources/i18n/<module>_vi.ts; `scripts/setup` and the
packaging build compile them with pyside6-lrelease. A missing .qm leaves English.
"""

from importlib.resources import as_file, files

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"


def i18n_folder():
    return files("counterdesk.resources") / "i18n"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load every compiled catalogue of `language`; returns them (keep them alive)."""
    installed: list[QTranslator] = []
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English))
        return installed
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    folder = i18n_folder()
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(f"_{language}.qm"):
            continue
        translator = QTranslator(app)
        with as_file(entry) as path:
            if translator.load(str(path)):
                app.installTranslator(translator)
                installed.append(translator)
    return installed
