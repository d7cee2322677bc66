# Dockerfile for hello, written by genfile 0.1.0 (stack go-distroless).
#   Build: docker build -t hello .
#   Run:   docker run --rm -p 9001:9001 hello
# Two stages: "builder" compiles . with the Go toolchain; the final stage is
# distroless (no shell, no package manager, no Go) and holds the static binary.
# Needs BuildKit (Docker 23+ default).

# Build stage on golang:1.23 for the machine's own platform: a static Go binary
# cross-compiles to any --platform without emulation. Go 1.23 from go.mod:3.
FROM --platform=$BUILDPLATFORM golang:1.23 AS builder
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
    -o /out/hello .

# Final stage: gcr.io/distroless/static-debian12:nonroot
# (CA certificates, tzdata and a nonroot user; about 2 MB, no libc, no shell).
FROM gcr.io/distroless/static-debian12:nonroot

COPY --from=builder /out/hello /usr/local/bin/hello

# distroless's own unprivileged user, by number so runAsNonRoot checks need no passwd lookup.
USER 65532:65532
# The app picks its port itself (main.go:22), not from $PORT: EXPOSE documents it.
EXPOSE 9001
# Exec form: the binary is PID 1 and receives SIGTERM directly. Built from main.go:11.
ENTRYPOINT ["/usr/local/bin/hello"]
