# Dockerfile for checksum, written by genfile 0.1.0 (stack go-distroless).
#   Build: docker build -t checksum .
#   Run:   docker run --rm -p 9004:9004 checksum
# Two stages: "builder" compiles . with the Go toolchain; the final stage is
# distroless (no shell, no package manager, no Go) and holds the glibc-linked binary.
# Needs BuildKit (Docker 23+ default).

# Build stage on golang:1.25-bookworm: cgo links the binary against this image's glibc, which must
# be the Debian 12 glibc of the final base-debian12 image. Go 1.25 from go.mod:3.
FROM golang:1.25-bookworm AS builder
WORKDIR /src

# The source (no module requirements outside the project: nothing to download).
COPY . .
# CGO_ENABLED=1: cgo code inside, linked against glibc; -trimpath: no build paths in the
# binary (reproducible); -s -w: no symbol table or debug info (smaller). The build cache
# mount makes a rebuild after an edit recompile only the packages that changed.
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=1 \
    go build -trimpath -ldflags="-s -w" \
    -o /out/checksum .

# Final stage: gcr.io/distroless/base-debian12:nonroot
# (glibc, libssl, CA certificates, tzdata and a nonroot user; about 20 MB, no shell).
FROM gcr.io/distroless/base-debian12:nonroot

COPY --from=builder /out/checksum /usr/local/bin/checksum

# distroless's own unprivileged user, by number so runAsNonRoot checks need no passwd lookup.
USER 65532:65532
# The app picks its port itself (main.go:14), not from $PORT: EXPOSE documents it.
EXPOSE 9004
# Exec form: the binary is PID 1 and receives SIGTERM directly. Built from main.go:13.
ENTRYPOINT ["/usr/local/bin/checksum"]
