# RIPSO production image: gunicorn + whitenoise. Used by docker-compose.yml for web, worker
# and beat. Settings come from the environment (see .env.example and README.md).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Pango and HarfBuzz for WeasyPrint (PDF reports), fonts, and gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-dejavu-core fonts-liberation gettext \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 1000 --user-group --home-dir /app --no-create-home ripso

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .

# Static files with the production storage (CompressedManifestStaticFilesStorage), so that
# staticfiles.json - which the production storage needs at run time - is written. The key
# below exists only for this build step (production settings refuse to start without one);
# the real SECRET_KEY comes from the environment at run time.
RUN RIPSO_ENV=production SECRET_KEY=collectstatic-build-step-only \
        python manage.py collectstatic --noinput -v 0 \
    && python manage.py compilemessages --ignore .venv -v 0 \
    && mkdir -p var/media \
    && chown -R ripso:ripso var

USER ripso
EXPOSE 8000
# WEB_CONCURRENCY sets the number of gunicorn workers (gunicorn reads it itself).
CMD ["gunicorn", "ripso.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
