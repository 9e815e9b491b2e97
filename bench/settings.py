"""Bench-only settings: WCC's own, with one more URL (the framework floor).

Only ``bench/city.py`` names this module, for the gunicorn it starts on loopback.
``bench/`` is not part of the installed package (pyproject.toml installs wcc,
members, intake and mutualaid), so production can never route to the floor view.
The star import is deliberate: the measured stack must be exactly WCC's.
"""

from wcc.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
