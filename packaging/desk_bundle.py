"""What the frozen desk leaves out: read by counterdesk.spec and by the Qt hooks in hooks/.

The desk's window imports QtCore, QtGui, QtWidgets and QtPrintSupport only; the hub server
(counterdesk.sync.hub) is not part of a desk; the development tools share the virtual
environment but not the bundle. Plugins are dropped in the Qt hooks, before PyInstaller
looks for the libraries they link: a plugin left out takes its libraries with it.
"""

from collections.abc import Iterable
from pathlib import PurePath

# Qt modules the desk does not import: neither their libraries nor their plugins ship.
UNUSED_QT = [
    f"PySide6.{name}"
    for name in [
        *("QtConcurrent", "QtDBus", "QtDesigner", "QtHelp", "QtLabsStyleKit", "QtNetwork"),
        *("QtOpenGL", "QtOpenGLWidgets", "QtQml", "QtQmlFeatures", "QtQuick"),
        *("QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtSql", "QtSvg"),
        *("QtSvgWidgets", "QtTest", "QtUiTools", "QtXml"),
    ]
]

EXCLUDES = [
    # the hub server and what only it needs
    "counterdesk.sync.hub",
    "fastapi",
    "starlette",
    "uvicorn",
    "httptools",
    "psycopg",
    "psycopg_binary",
    "psycopg_pool",
    "multipart",
    "python_multipart",
    "pydantic",
    "pydantic_core",
    # development tools that happen to share the virtual environment
    "pytest",
    "_pytest",
    "hypothesis",
    "certomancer",
    "selenium",
    "IPython",
    "PyInstaller",
    "setuptools",
    "pip",
    # standard-library parts the desk never uses
    "tkinter",
    "unittest",
    "pydoc",
    "lib2to3",
    # optional imports the desk does without: lxml (fontTools needs it only to subset SVG
    # fonts; openpyxl falls back to the standard library), Pillow's AVIF codec (libavif)
    "lxml",
    "PIL._avif",
    "PIL.AvifImagePlugin",
    *UNUSED_QT,
]

# Files collected that the desk never opens: Qt's own translations (the window loads only
# its catalogues, from counterdesk/resources/i18n) and on Windows Qt's software OpenGL
# renderer (the window draws with QPainter, not OpenGL). OpenCV needs no entry: the
# bundle's own build (minimal_opencv.py) has no FFmpeg plugin and no Haar cascades.
UNUSED_DATA_PREFIXES = ("PySide6/Qt/translations/", "PySide6/translations/")
UNUSED_FILE_PREFIXES = ("opengl32sw",)

# Qt plugins for devices and features a counter PC has no use for: embedded displays
# (EGLFS, framebuffer, VNC, Vulkan display), evdev/TUIO input, network information and TLS,
# and the GTK 3 theme, which alone brings GTK, GDK, Cairo and Pango (about 20 MB; the XDG
# portal theme stays, for the desktop's file dialogs). Kept: the xcb, wayland, offscreen
# and minimal platforms (windows on Windows), input methods (IBus: Vietnamese typing on
# Linux), image formats, SVG icons, CUPS printing.
UNUSED_PLUGIN_FOLDERS = {
    "designer",
    "egldeviceintegrations",
    "generic",
    "networkinformation",
    "qmltooling",
    "sqldrivers",
    "tls",
    "vectorimageformats",
}
UNUSED_PLUGINS = {
    "platforms": {"qeglfs", "qlinuxfb", "qminimalegl", "qvkkhrdisplay", "qvnc", "qdirect2d"},
    "platformthemes": {"qgtk3"},
    "imageformats": {"qicns", "qtga", "qwbmp"},
}


def unused(dest: str) -> bool:
    """Whether a collected file (by its place in the bundle) stays out."""
    path = dest.replace("\\", "/")
    parts = path.split("/")
    if path.startswith(UNUSED_DATA_PREFIXES) or parts[-1].startswith(UNUSED_FILE_PREFIXES):
        return True
    if "plugins" not in parts[:-2]:
        return False
    folder = parts[parts.index("plugins") + 1]
    stem = parts[-1].split(".")[0].removeprefix("lib")
    return folder in UNUSED_PLUGIN_FOLDERS or stem in UNUSED_PLUGINS.get(folder, set())


def bundle_path(entry: tuple[str, ...]) -> str:
    """Where a collected file lands: TOC entries are (name in the bundle, source, kind),
    hooks return (source, folder in the bundle)."""
    if len(entry) == 3:
        return entry[0]
    source, folder = entry
    return f"{folder}/{PurePath(source).name}"


def keep(entries: Iterable[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The entries (TOC or hook pairs) that are not unused."""
    return [entry for entry in entries if not unused(bundle_path(entry))]
