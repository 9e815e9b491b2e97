"""Places where every app adds its part to work that spans the whole system.

Each app puts a ``wcc_hooks.py`` module beside its models and registers functions
there with the decorators below; the members app imports every such module when
Django starts (``autodiscover_modules`` in ``members.apps``). So intake, needs and
shifts add their own data to a person's download, their own rows to an erasure,
their own setup to a copied neighborhood and their own figures to the network
overview, without the members app knowing about them.

The four registries:

- ``personal_data``: ``fn(user) -> dict | list``, what the app holds about a person,
  ready for JSON. Shown under the function's registered name.
- ``person_erasers``: ``fn(user) -> int``, removes the person's details from the
  app's tables (history and logs included) and returns how many rows it touched.
- ``visitor_erasers``: ``fn(visitor_id) -> int``, the same for a visitor (someone
  served at the table who may have no account); the intake app owns visitors and
  calls ``members.actions.erase_visitor``, which runs every registered part.
- ``neighborhood_copiers``: ``fn(*, source, target) -> int``, copies the app's setup
  (categories, shift series patterns, message texts; never people or records).
- ``overview_figures``: ``fn(neighborhoods) -> dict[neighborhood_id, int]``, one
  column of the network overview (open needs, shifts filled, people served ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Registry:
    """An ordered name → function map; registering a name twice replaces it."""

    functions: dict[str, Callable] = field(default_factory=dict)
    labels: dict[str, object] = field(default_factory=dict)

    def register(self, name: str, label=None) -> Callable:
        def decorator(function: Callable) -> Callable:
            self.functions[name] = function
            self.labels[name] = label or name
            return function

        return decorator

    def items(self):
        return self.functions.items()


personal_data = Registry()
person_erasers = Registry()
visitor_erasers = Registry()
neighborhood_copiers = Registry()
overview_figures = Registry()
