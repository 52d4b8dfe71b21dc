"""Data files shipped with CounterDesk (installed as the package `counterdesk.resources`).

fonts/  Noto Serif subsets with full Vietnamese coverage (OFL), embedded in every PDF.
legal/  tariffs, statement wording and numbering rules, each versioned by effective date
        and citing its legal source; a change of law is a data change, not a code change.
"""
