"""Tests that point Celery at another broker must drop its pooled connections."""

import kombu.pools

from wcc.celery import app


def forget_broker_connections() -> None:
    """Close and drop the app's broker connections, so a changed broker_url takes effect.

    Celery's ``app.pool`` comes from kombu's global registry, keyed by equal connection
    settings: closing the pool without resetting the registry let the next test that
    queues a task on the same broker acquire the closed pool ("Acquire on closed pool").
    """
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    kombu.pools.reset()
