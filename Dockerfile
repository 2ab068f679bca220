# Front-end packages (DKFDS, htmx) are built in their own stage; only node_modules is carried over.
FROM node:20-bookworm-slim AS frontend
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# WeasyPrint's system libraries, and gettext for the catalogues.
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir .
COPY . .
COPY --from=frontend /app/node_modules ./node_modules
RUN DEBUG=true python manage.py collectstatic --no-input -v 0 \
    && useradd --create-home alliance && mkdir -p /data/media && chown alliance /data/media
USER alliance
ENV MEDIA_ROOT=/data/media
EXPOSE 8000
CMD ["gunicorn", "alliance.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
