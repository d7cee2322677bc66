# Dockerfile for hono-nvmrc-sample, written by genfile 0.1.0 (stack node-alpine).
#   Build: docker build -t hono-nvmrc-sample .
#   Run:   docker run --rm --init -p 3005:3005 hono-nvmrc-sample
# Hono, installed with npm from package-lock.json.
# Stages: "deps" installs the production dependencies; the final stage copies them and the
# source, without package manager caches.
# Needs BuildKit (the default builder since Docker 23).

# Node 22 from .nvmrc:1.
# The build stages use the same image as the final one, so installed packages fit it exactly.
FROM node:22-alpine AS base
WORKDIR /app

# Dependencies before the source, from the manifests alone: this layer is rebuilt only when
# they change, and the cache mount keeps downloads between builds without storing them.
FROM base AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,id=npm,target=/root/.npm \
    npm ci --omit=dev --no-audit --no-fund

# Final stage: node:22-alpine, Alpine Linux with Node alone (no compilers). It runs as
# the image's unprivileged "node" user; the application files belong to root, so the app can
# read its code but not rewrite it.
FROM node:22-alpine
ENV NODE_ENV=production \
    PORT=3005
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# The application last, so a code edit rebuilds only this layer.
COPY . .

# The "node" account of the official image (fixed IDs, so Kubernetes runAsNonRoot can check them).
USER 1000:1000
EXPOSE 3005
# Exec form: the server is PID 1 and receives SIGTERM itself (server.mjs:11 handles it).
# Command from Procfile:1.
CMD ["node", "server.mjs"]
