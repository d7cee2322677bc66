# Dockerfile for next-standalone-sample, written by genfile 0.1.0 (stack node-alpine).
#   Build: docker build -t next-standalone-sample .
#   Run:   docker run --rm --init -p 3004:3004 next-standalone-sample
# Next.js (standalone output), installed with npm from package-lock.json.
# Stages: "deps" installs every dependency and "build" runs `npm run build`, whose output
# carries the files the server needs; the final stage copies that output only.
# Needs BuildKit (the default builder since Docker 23).

# Node 24 (the current LTS line: no version file, no engines.node).
# The build stages use the same image as the final one, so installed packages fit it exactly.
FROM node:24-alpine AS base
WORKDIR /app

# Dependencies before the source, from the manifests alone: this layer is rebuilt only when
# they change, and the cache mount keeps downloads between builds without storing them.
FROM base AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,id=npm,target=/root/.npm \
    npm ci --no-audit --no-fund

# Build stage: the source on top of every dependency; `npm run build` writes the output
# the final stage copies (its cache stays in a cache mount, out of the layers).
FROM deps AS build
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN --mount=type=cache,id=next-standalone-sample-.next-cache,target=/app/.next/cache npm run build

# Final stage: node:24-alpine, Alpine Linux with Node alone (no compilers). It runs as
# the image's unprivileged "node" user; the application files belong to root, so the app can
# read its code but not rewrite it.
FROM node:24-alpine
ENV NODE_ENV=production \
    PORT=3004 \
    HOSTNAME=0.0.0.0 \
    NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
# The server writes .next/cache at run time: the only folder its user owns.
RUN mkdir -p .next/cache \
 && chown 1000:1000 .next/cache

# The "node" account of the official image (fixed IDs, so Kubernetes runAsNonRoot can check them).
USER 1000:1000
EXPOSE 3004
# Exec form: the server is PID 1 and receives SIGTERM itself (Next.js (standalone output) handles it).
# Command from next.config.mjs:4.
CMD ["node", "server.js"]
