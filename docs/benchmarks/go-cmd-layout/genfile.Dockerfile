# Dockerfile for inventory, written by genfile 0.1.0 (stack go-distroless).
#   Build: docker build -t inventory .
#          (stamp main.version: add --build-arg VERSION=$(git describe --tags --always))
#   Run:   docker run --rm -p 9002:9002 inventory
# Two stages: "builder" compiles ./cmd/inventory with the Go toolchain; the final stage is
# distroless (no shell, no package manager, no Go) and holds the static binary.
# Needs BuildKit (Docker 23+ default).

# Build stage on golang:1.26 for the machine's own platform: a static Go binary
# cross-compiles to any --platform without emulation. Go 1.26 from go.mod:5.
FROM --platform=$BUILDPLATFORM golang:1.26 AS builder
ARG TARGETOS TARGETARCH
WORKDIR /src

# The source (no module requirements outside the project: nothing to download).
COPY . .
# Optional version stamp; without --build-arg VERSION, main.version keeps the default in the code.
ARG VERSION
# CGO_ENABLED=0: no C code, so one static binary; -trimpath: no build paths in the
# binary (reproducible); -s -w: no symbol table or debug info (smaller). The build cache
# mount makes a rebuild after an edit recompile only the packages that changed.
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags="-s -w${VERSION:+ -X main.version=$VERSION}" \
    -o /out/inventory ./cmd/inventory

# Final stage: gcr.io/distroless/static-debian12:nonroot
# (CA certificates, tzdata and a nonroot user; about 2 MB, no libc, no shell).
FROM gcr.io/distroless/static-debian12:nonroot

COPY --from=builder /out/inventory /usr/local/bin/inventory
# The app reads PORT (cmd/inventory/main.go:18).
ENV PORT=9002

# distroless's own unprivileged user, by number so runAsNonRoot checks need no passwd lookup.
USER 65532:65532
EXPOSE 9002
# Exec form: the binary is PID 1 and receives SIGTERM directly. Built from cmd/inventory/main.go:17.
ENTRYPOINT ["/usr/local/bin/inventory"]
