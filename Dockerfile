# One image for web (gunicorn), worker and beat; docker-compose.yml chooses the command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    JOBTRACK_VAR_DIR=/app/var \
    PORT=8000

WORKDIR /app
RUN useradd --create-home --uid 1000 jobtrack

# Dependencies first: the layer is reused until requirements.txt changes.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=jobtrack:jobtrack . .
RUN mkdir -p /app/var && chown jobtrack:jobtrack /app/var

USER jobtrack
EXPOSE 8000
# Sync workers with a timeout that ends a stuck request (README, Deployment).
CMD ["gunicorn", "jobtrack.wsgi", "--worker-class", "sync", "--workers", "4", "--timeout", "30", "--graceful-timeout", "10"]
