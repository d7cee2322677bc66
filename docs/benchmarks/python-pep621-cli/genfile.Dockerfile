# Dockerfile for hello-service, written by genfile 0.1.0 (stack python-slim).
#   Build: docker build -t hello-service .
#   Run:   docker run --rm -p 8080:8080 hello-service
# Two stages: "builder" installs the dependencies into a virtual environment at /opt/venv;
# the final stage copies only that environment and the application, so compilers, package
# manager caches and build tools never reach the image. Needs BuildKit (Docker 23+ default).

# Build stage on the same base as the final image, so the environment fits it exactly.
FROM python:3.13-slim AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never
WORKDIR /app
# uv is needed only to install; it stays in this stage. Pinned for reproducible builds.
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install uv==0.9.5
# A virtual environment without pip, setuptools or shell activation scripts (PATH does
# their job): only what the app needs is copied on.
RUN python -m venv --without-pip /opt/venv \
 && rm /opt/venv/bin/[Aa]ctivate*

# Dependencies before the source, from pyproject.toml alone: this layer is rebuilt only
# when they change, and the cache mount keeps downloads between builds without storing them.
COPY pyproject.toml ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv pip install --python /opt/venv/bin/python -r pyproject.toml

# The project itself, installed into the environment without its (already installed) dependencies.
COPY . .
# uv builds the wheel in under half the time pip takes, which is most of a rebuild after a code edit.
RUN --mount=type=cache,target=/root/.cache/uv \
    uv pip install --python /opt/venv/bin/python --no-deps .

# Final stage: python:3.13-slim is Debian with just what Python needs to run (about
# 120 MB against 1 GB for python:3.13). Python 3.13 from pyproject.toml:10.
FROM python:3.13-slim

# An unprivileged user with fixed IDs (-l: no lastlog entry for the high UID). useradd is
# in every Debian image; adduser is not (trixie-based images dropped it).
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-log-init --create-home --shell /usr/sbin/nologin app

ENV PATH="/opt/venv/bin:$PATH" \
    VIRTUAL_ENV=/opt/venv \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PORT=8080
WORKDIR /app
COPY --from=builder /opt/venv /opt/venv

USER 10001:10001
EXPOSE 8080
# Exec form: the server is PID 1 and receives SIGTERM directly. Command from pyproject.toml.
CMD ["hello-service"]
