"""Batch imports, exports and laptop-to-desk bundles (issue 5).

tables.py reads and writes CSV / JSON Lines / Excel; importer.py runs each row through the
use-cases of intake.py; exporter.py writes the registers; bundle.py carries a field device's work
to the desk. Heavy libraries (openpyxl, rich.progress) are imported only where used.
"""
