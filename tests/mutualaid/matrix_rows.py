"""Permission-matrix rows for the mutualaid app's URLs (see tests/matrix.py)."""

ROWS: list = []
