# Dockerfile for notes-service, written by genfile 0.1.0 (stack python-slim).
#   Build: docker build -t notes-service .
#   Run:   docker run --rm -p 8000:8000 notes-service
# Two stages: "builder" installs the dependencies into a virtual environment at /opt/venv;
# the final stage copies only that environment and the application, so compilers, package
# manager caches and build tools never reach the image. Needs BuildKit (Docker 23+ default).

# Build stage on the same base as the final image, so the environment fits it exactly.
FROM python:3.13-slim AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore
WORKDIR /app
# poetry is needed only to install; it stays in this stage. Pinned for reproducible builds.
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install poetry==2.2.1 poetry-plugin-export==1.9.0
# A virtual environment without pip, setuptools or shell activation scripts (PATH does
# their job): only what the app needs is copied on.
RUN python -m venv --without-pip /opt/venv \
 && rm /opt/venv/bin/[Aa]ctivate*

# Dependencies before the source, from pyproject.toml, poetry.lock alone: this layer is rebuilt only
# when they change, and the cache mount keeps downloads between builds without storing them.
COPY pyproject.toml poetry.lock ./
# poetry.lock is exported with its hashes and installed by pip: the versions are exactly the locked ones.
RUN --mount=type=cache,target=/root/.cache/pip \
    poetry export --only main --format requirements.txt --output /tmp/requirements.txt \
 && pip --python /opt/venv/bin/python install --no-deps --require-hashes -r /tmp/requirements.txt

# Final stage: python:3.13-slim is Debian with just what Python needs to run (about
# 120 MB against 1 GB for python:3.13). Python 3.13 from pyproject.toml:9.
FROM python:3.13-slim

# An unprivileged user with fixed IDs (-l: no lastlog entry for the high UID). useradd is
# in every Debian image; adduser is not (trixie-based images dropped it).
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-log-init --create-home --shell /usr/sbin/nologin app

ENV PATH="/opt/venv/bin:$PATH" \
    VIRTUAL_ENV=/opt/venv \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PORT=8000
WORKDIR /app
COPY --from=builder /opt/venv /opt/venv
# The application last, so a code edit rebuilds only this layer. Owned by root: the app can
# read its code but not rewrite it.
COPY . .

USER 10001:10001
EXPOSE 8000
# Exec form: the server is PID 1 and receives SIGTERM directly. Command from service/main.py:6.
CMD ["uvicorn", "service.main:app", "--host", "0.0.0.0", "--port", "8000"]
