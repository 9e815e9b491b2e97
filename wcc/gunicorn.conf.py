"""gunicorn settings for the web tier. Override any of them with GUNICORN_CMD_ARGS."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# The web tier is stateless: scale with more workers here, or more machines behind
# a load balancer. Two per core plus one is gunicorn's own rule of thumb.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 30
graceful_timeout = 20
# Each connection closed after its response (HTTP keep-alive off between the proxy in
# front and gunicorn): a kept-alive connection stays with the worker that accepted it,
# and a worker accepts all it can, so under load several bunched on one worker while
# others idled (docs/performance.md). A new connection per request, on the local
# network, goes to whichever worker is free.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "0"))
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
# Path without the query string: searches carry names and phone numbers.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
