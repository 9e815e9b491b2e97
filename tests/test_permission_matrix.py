"""Every URL × every role → the expected answer; a URL without a row fails the suite.

Roles: anonymous, member, volunteer and coordinator of the own neighborhood, the
coordinator of another neighborhood, and a network admin.
"""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.matrix import LOGIN, ROLES, Row

# URLs that belong to Django's own admin, which tests of its own cover.
NOT_IN_MATRIX_NAMESPACES = {"admin"}


def all_rows() -> list[Row]:
    """Rows from every ``matrix_rows.py`` module anywhere under tests/."""
    rows = []
    for module in pkgutil.walk_packages(tests.__path__, "tests."):
        if module.name.endswith(".matrix_rows"):
            rows.extend(importlib.import_module(module.name).ROWS)
    return rows


def named_url_patterns(resolver=None, namespace=None) -> set[str]:
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in NOT_IN_MATRIX_NAMESPACES:
                continue
            inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            names |= named_url_patterns(pattern, inner if pattern.namespace else namespace)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL pattern {pattern.pattern} has no name"
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


ROWS = all_rows()


def test_every_url_has_a_row_in_the_matrix():
    covered = {row.url_name for row in ROWS}
    missing = named_url_patterns() - covered
    assert not missing, f"URLs with no permission-matrix row: {sorted(missing)}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_permission_matrix(client, world, row: Row, role: str):
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    url = reverse(row.url_name, kwargs=row.kwargs(world))
    response = getattr(client, row.method)(url, row.data)

    expected = row.expect[role]
    if expected == LOGIN:
        assert response.status_code == 302, response
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected, f"{row.id} as {role}"
