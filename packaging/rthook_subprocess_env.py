"""PyInstaller runtime hook: the programs the desk starts see the system's libraries.

The bootloader puts the bundle's folder first on LD_LIBRARY_PATH (keeping the old value in
LD_LIBRARY_PATH_ORIG) so that the desk loads its own Qt, OpenCV and PyMuPDF. The dynamic
loader has read it by now; children would read it too, and Tesseract or a scanner tool
would load the bundle's libraries instead of their own. Restore the original for them.
"""

import os
import sys

if sys.platform != "win32" and "LD_LIBRARY_PATH" in os.environ:
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is None:
        del os.environ["LD_LIBRARY_PATH"]
    else:
        os.environ["LD_LIBRARY_PATH"] = original
