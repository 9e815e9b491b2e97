"""Forms of the mutualaid app, one module per noun."""
