"""Permission-matrix rows for the intake app's URLs (see tests/matrix.py)."""

ROWS: list = []
