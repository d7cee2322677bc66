# Stage 1: Build with all tools
FROM golang:1.25 AS builder
WORKDIR /app
COPY . .
RUN go build -o /app/checksum .

# Stage 2: Runtime with minimal dependencies
FROM gcr.io/distroless/base
COPY --from=builder /app/checksum /app/checksum
CMD ["/app/checksum"]
