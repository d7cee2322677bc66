# Build stage
FROM python:3.11-slim AS builder
WORKDIR /app
COPY requirements.txt .
COPY requirements/base.txt requirements/base.txt
RUN pip install --user --no-cache-dir -r requirements.txt gunicorn==23.0.0

# Production stage
FROM python:3.11-slim
WORKDIR /app

# Create non-root user
RUN useradd --create-home --shell /bin/bash appuser
USER appuser

# Copy only what we need
COPY --from=builder /root/.local /home/appuser/.local
COPY --chown=appuser:appuser . .

ENV PATH=/home/appuser/.local/bin:$PATH
CMD ["gunicorn", "--bind", "0.0.0.0:5000", "--access-logfile", "-", "app:app"]
