"""The desk window: a thin PySide6 shell over the use cases in counterdesk.desk.

The only package that imports PySide6. It holds no business rules: every figure, rule and
record comes from the core, through `DeskService`, which runs the use cases off the UI
thread.
"""
