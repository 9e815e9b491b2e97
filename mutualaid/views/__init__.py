"""The mutualaid app's views, one module per noun."""
