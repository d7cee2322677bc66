# Stage 1: Build with all tools
FROM golang:1.26 AS builder
WORKDIR /app
COPY . .
RUN go build -o /app/webui .

# Stage 2: Runtime with minimal dependencies
FROM gcr.io/distroless/base
WORKDIR /app
COPY --from=builder /app/webui /app/webui
COPY --from=builder /app/static /app/static
COPY --from=builder /app/templates /app/templates
CMD ["/app/webui"]
