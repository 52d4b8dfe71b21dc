# PyInstaller's own hook for this Qt module, less the plugins and translations the desk
# leaves out (packaging/desk_bundle.py; counterdesk.spec puts it on sys.path).
from desk_bundle import keep
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = keep(binaries)
datas = keep(datas)
