# Dockerfile for nest-pnpm-sample, written by genfile 0.1.0 (stack node-alpine).
#   Build: docker build -t nest-pnpm-sample .
#   Run:   docker run --rm --init -p 3003:3003 nest-pnpm-sample
# NestJS, installed with pnpm from pnpm-lock.yaml.
# Stages: "deps" installs every dependency and "build" runs `pnpm run build`; "prod-deps"
# installs the production dependencies alone. The final stage copies those and the build
# output only: devDependencies, the sources and package manager caches never reach it.
# Needs BuildKit (the default builder since Docker 23).

# Node 24 (the current LTS line: no version file, no engines.node).
# The build stages use the same image as the final one, so installed packages fit it exactly.
FROM node:24-alpine AS base
WORKDIR /app
# pnpm through Corepack (bundled with Node) at the version the project pins;
# it stays in the build stages.
ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0
RUN corepack enable pnpm && corepack install -g pnpm@10.34.8

# Dependencies before the source, from the manifests alone: this layer is rebuilt only when
# they change, and the cache mount keeps downloads between builds without storing them.
FROM base AS deps
COPY package.json pnpm-lock.yaml ./
RUN --mount=type=cache,id=pnpm,target=/pnpm/store \
    pnpm install --frozen-lockfile --store-dir /pnpm/store

# Production dependencies alone, for the final image (built beside "build", same cache).
FROM base AS prod-deps
COPY package.json pnpm-lock.yaml ./
RUN --mount=type=cache,id=pnpm,target=/pnpm/store \
    pnpm install --frozen-lockfile --prod --store-dir /pnpm/store

# Build stage: the source on top of every dependency; `pnpm run build` writes the output
# the final stage copies.
FROM deps AS build
ENV NODE_ENV=production
COPY . .
RUN pnpm run build

# Final stage: node:24-alpine, Alpine Linux with Node alone (no compilers). It runs as
# the image's unprivileged "node" user; the application files belong to root, so the app can
# read its code but not rewrite it.
FROM node:24-alpine
ENV NODE_ENV=production \
    PORT=3003
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /app/dist ./dist

# The "node" account of the official image (fixed IDs, so Kubernetes runAsNonRoot can check them).
USER 1000:1000
EXPOSE 3003
# Exec form: the server is PID 1 and receives SIGTERM itself (src/main.ts:8 handles it).
# Command from package.json:8.
CMD ["node", "dist/main"]
