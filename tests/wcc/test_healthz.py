import pytest
from django.urls import reverse

from wcc.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_while_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_reports_a_real_redis_broker(client, monkeypatch, settings):
    import os

    monkeypatch.setattr(
        celery_app.conf, "broker_url", os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    )
    assert client.get(reverse("healthz")).json()["broker"] == "ok"


def test_healthz_says_when_the_broker_is_down_but_stays_up(client, monkeypatch):
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "down"}
