# Stage 1: Build with all tools
FROM golang:1.23 AS builder
WORKDIR /app
COPY . .
RUN go build -o /app/hello .

# Stage 2: Runtime with minimal dependencies
FROM gcr.io/distroless/base
COPY --from=builder /app/hello /app/hello
CMD ["/app/hello"]
