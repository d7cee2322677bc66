# Dockerfile for fastify-yarn-sample, written by genfile 0.1.0 (stack node-alpine).
#   Build: docker build -t fastify-yarn-sample .
#   Run:   docker run --rm --init -p 3002:3002 fastify-yarn-sample
# Fastify, installed with yarn (classic) from yarn.lock.
# Stages: "deps" installs the production dependencies; the final stage copies them and the
# source, without package manager caches.
# Needs BuildKit (the default builder since Docker 23).

# Node 24 (the current LTS line: no version file, no engines.node).
# The build stages use the same image as the final one, so installed packages fit it exactly.
FROM node:24-alpine AS base
WORKDIR /app

# Dependencies before the source, from the manifests alone: this layer is rebuilt only when
# they change, and the cache mount keeps downloads between builds without storing them.
FROM base AS deps
COPY package.json yarn.lock ./
RUN --mount=type=cache,id=yarn,target=/usr/local/share/.cache/yarn,sharing=locked \
    yarn install --frozen-lockfile --non-interactive --production

# Final stage: node:24-alpine, Alpine Linux with Node alone (no compilers). It runs as
# the image's unprivileged "node" user; the application files belong to root, so the app can
# read its code but not rewrite it.
FROM node:24-alpine
ENV NODE_ENV=production \
    PORT=3002
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# The application last, so a code edit rebuilds only this layer.
COPY . .

# The "node" account of the official image (fixed IDs, so Kubernetes runAsNonRoot can check them).
USER 1000:1000
EXPOSE 3002
# Exec form: the server is PID 1 and receives SIGTERM itself (index.js:18 handles it).
# Command from package.json:7.
CMD ["node", "index.js"]
