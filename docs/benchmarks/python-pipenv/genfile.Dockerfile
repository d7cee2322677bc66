# Dockerfile for genfile, written by genfile 0.1.0 (stack python-slim).
#   Build: docker build -t genfile .
#   Run:   docker run --rm -p 8000:8000 genfile
# Two stages: "builder" installs the dependencies into a virtual environment at /opt/venv;
# the final stage copies only that environment and the application, so compilers, package
# manager caches and build tools never reach the image. Needs BuildKit (Docker 23+ default).

# Build stage on the same base as the final image, so the environment fits it exactly.
FROM python:3.11-slim AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore
WORKDIR /app
# pipenv is needed only to install; it stays in this stage. Pinned for reproducible builds.
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install pipenv==2025.0.4
# A virtual environment without pip, setuptools or shell activation scripts (PATH does
# their job): only what the app needs is copied on.
RUN python -m venv --without-pip /opt/venv \
 && rm /opt/venv/bin/[Aa]ctivate*

# Dependencies before the source, from Pipfile, Pipfile.lock alone: this layer is rebuilt only
# when they change, and the cache mount keeps downloads between builds without storing them.
COPY Pipfile Pipfile.lock ./
# Pipfile.lock is exported with its hashes and installed by pip: the versions are exactly the locked ones.
RUN --mount=type=cache,target=/root/.cache/pip \
    pipenv requirements --hash > /tmp/requirements.txt \
 && pip --python /opt/venv/bin/python install --no-deps --require-hashes -r /tmp/requirements.txt

# Final stage: python:3.11-slim is Debian with just what Python needs to run (about
# 120 MB against 1 GB for python:3.11). Python 3.11 from Pipfile:14.
FROM python:3.11-slim

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
# Exec form: the server is PID 1 and receives SIGTERM directly. Command from app.py:5.
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "app:app"]
