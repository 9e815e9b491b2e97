"""The framework floor of bench/city.py exists only under the bench settings."""

import pytest


@pytest.mark.django_db
def test_the_bench_floor_is_not_routed_by_wccs_own_urls(client):
    assert client.get("/bench/floor/").status_code == 404


@pytest.mark.django_db
def test_the_bench_floor_answers_through_the_whole_stack_under_the_bench_urls(client, settings):
    settings.ROOT_URLCONF = "bench.urls"
    response = client.get("/bench/floor/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"]  # WCC's middleware ran
    assert client.get("/healthz").status_code == 200  # and WCC's own URLs still answer
