# Stage 1: Build with all tools
FROM golang:1.26 AS builder
WORKDIR /app
COPY . .
RUN go build -o /app/inventory ./cmd/inventory

# Stage 2: Runtime with minimal dependencies
FROM gcr.io/distroless/base
COPY --from=builder /app/inventory /app/inventory
CMD ["/app/inventory"]
