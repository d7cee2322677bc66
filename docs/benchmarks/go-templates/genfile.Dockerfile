# Dockerfile for webui, written by genfile 0.1.0 (stack go-distroless).
#   Build: docker build -t webui .
#   Run:   docker run --rm -p 9003:9003 webui
# Two stages: "builder" compiles . with the Go toolchain; the final stage is
# distroless (no shell, no package manager, no Go) and holds the static binary and the files it reads.
# Needs BuildKit (Docker 23+ default).

# Build stage on golang:1.26 for the machine's own platform: a static Go binary
# cross-compiles to any --platform without emulation. Go 1.26 from go.mod:3.
FROM --platform=$BUILDPLATFORM golang:1.26 AS builder
ARG TARGETOS TARGETARCH
WORKDIR /src

# The source (no module requirements outside the project: nothing to download).
COPY . .
# CGO_ENABLED=0: no C code, so one static binary; -trimpath: no build paths in the
# binary (reproducible); -s -w: no symbol table or debug info (smaller). The build cache
# mount makes a rebuild after an edit recompile only the packages that changed.
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags="-s -w" \
    -o /out/webui .

# Final stage: gcr.io/distroless/static-debian12:nonroot
# (CA certificates, tzdata and a nonroot user; about 2 MB, no libc, no shell).
FROM gcr.io/distroless/static-debian12:nonroot

# Files the binary opens at run time, at the paths the code uses, relative to /app. Owned by
# root: the app can read them, not change them.
WORKDIR /app
COPY static/ /app/static/
COPY templates/ /app/templates/

COPY --from=builder /out/webui /usr/local/bin/webui
# The app reads PORT (main.go:38).
ENV PORT=9003

# distroless's own unprivileged user, by number so runAsNonRoot checks need no passwd lookup.
USER 65532:65532
EXPOSE 9003
# Exec form: the binary is PID 1 and receives SIGTERM directly. Built from main.go:19.
ENTRYPOINT ["/usr/local/bin/webui"]
