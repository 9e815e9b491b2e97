"""Shared vocabulary of the permission matrix: what each role gets at each URL.

Each app lists its rows in ``tests/<app>/matrix_rows.py`` as ``ROWS``; the test in
``tests/test_permission_matrix.py`` runs them all and fails if a URL has no row.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

LOGIN = "login"  # expected: a redirect to the login page

ROLES = ["anonymous", "member", "volunteer", "coordinator", "other_coordinator", "admin"]


@dataclass
class Row:
    url_name: str
    expect: dict[str, int | str]
    # Builds the URL's kwargs from the test world (and objects made for the row).
    kwargs: Callable = field(default=lambda world: {})
    method: str = "get"
    data: dict = field(default_factory=dict)
    label: str = ""

    def __post_init__(self):
        missing = set(ROLES) - set(self.expect)
        assert not missing, f"row {self.url_name} lacks roles {missing}"

    @property
    def id(self) -> str:
        return self.label or f"{self.method.upper()} {self.url_name}"


def everyone(status: int = 200) -> dict:
    return dict.fromkeys(ROLES, status)


def at_least(role: str, *, below: int = 403, allowed: int = 200) -> dict:
    """A page of the own neighborhood for ``role`` and up; outsiders get 404."""
    order = ["member", "volunteer", "coordinator"]
    expect = {"anonymous": LOGIN, "other_coordinator": 404, "admin": allowed}
    for name in order:
        expect[name] = allowed if order.index(name) >= order.index(role) else below
    return expect


def logged_in(status: int = 200) -> dict:
    return {role: (LOGIN if role == "anonymous" else status) for role in ROLES}


def own_neighborhood(world) -> dict:
    return {"slug": world.own.slug}
