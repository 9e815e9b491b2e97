# One image for web, worker and beat. Build: docker compose build
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY wcc ./wcc
COPY members ./members
COPY intake ./intake
COPY mutualaid ./mutualaid
RUN pip install .
COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput
RUN useradd --system --home /app wcc && chown -R wcc /app
USER wcc
EXPOSE 8000
CMD ["gunicorn", "wcc.wsgi:application", "--config", "wcc/gunicorn.conf.py"]
