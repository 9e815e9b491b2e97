"""Views of the mutualaid app, one module per noun (needs, shifts)."""
