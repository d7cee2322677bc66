# Dockerfile for vite-spa-sample, written by genfile 0.1.0 (stack node-static).
#   Build: docker build -t vite-spa-sample .
#   Run:   docker run --rm -p 3080:3080 vite-spa-sample
# Vite static site, installed with npm from package-lock.json.
# Stages: "deps" installs the dependencies and "build" runs `npm run build`; the final
# image is nginx serving dist/ alone, with no Node and no node_modules.
# Needs BuildKit (the default builder since Docker 23).

# Node 24 (the current LTS line: no version file, no engines.node).
# It builds the site and is never shipped.
FROM node:24-alpine AS base
WORKDIR /app

# Dependencies before the source, from the manifests alone: this layer is rebuilt only when
# they change, and the cache mount keeps downloads between builds without storing them.
FROM base AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,id=npm,target=/root/.npm \
    npm ci --no-audit --no-fund

# Build stage: the source on top of every dependency; `npm run build` writes the output
# the final stage copies.
FROM deps AS build
ENV NODE_ENV=production
COPY . .
RUN npm run build

# Final stage: nginx on Alpine, configured to run without root: an unprivileged port
# (3080), pid and temporary files in /tmp, logs to stdout/stderr. Unknown paths fall
# back to index.html so client-side routes work; hashed assets under /assets/ are
# cached for a year. Edit the configuration here; it is written at build time.
# nginx:stable-alpine follows nginx's stable branch; pin a release (nginx:1.28-alpine) where
# every rebuild must be identical.
FROM nginx:stable-alpine
RUN rm -rf /usr/share/nginx/html/* \
 && printf '%s\n' \
    'worker_processes auto;' \
    'pid /tmp/nginx.pid;' \
    'error_log /dev/stderr warn;' \
    'events { worker_connections 1024; }' \
    'http {' \
    '    include /etc/nginx/mime.types;' \
    '    default_type application/octet-stream;' \
    '    access_log /dev/stdout;' \
    '    sendfile on;' \
    '    server_tokens off;' \
    '    gzip on;' \
    '    gzip_types text/css application/javascript application/json image/svg+xml;' \
    '    client_body_temp_path /tmp/client_temp;' \
    '    proxy_temp_path /tmp/proxy_temp;' \
    '    fastcgi_temp_path /tmp/fastcgi_temp;' \
    '    uwsgi_temp_path /tmp/uwsgi_temp;' \
    '    scgi_temp_path /tmp/scgi_temp;' \
    '    server {' \
    '        listen 3080;' \
    '        root /usr/share/nginx/html;' \
    '        location / { try_files $uri $uri/ /index.html; }' \
    '        location /assets/ { try_files $uri =404; add_header Cache-Control "public, max-age=31536000, immutable"; }' \
    '    }' \
    '}' \
    > /etc/nginx/nginx.conf
# The site: files owned by root, readable by nginx, nothing else from the build.
COPY --from=build /app/dist /usr/share/nginx/html

# The "nginx" account of the official image (fixed IDs, so Kubernetes runAsNonRoot can check them).
USER 101:101
EXPOSE 3080
# Exec form: nginx is PID 1 and handles signals itself (the image's STOPSIGNAL is SIGQUIT, a graceful stop).
CMD ["nginx", "-g", "daemon off;"]
