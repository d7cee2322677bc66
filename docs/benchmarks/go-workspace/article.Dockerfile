# Stage 1: Build with all tools
FROM golang:1.24 AS builder
WORKDIR /app
COPY . .
RUN go build -o /app/api ./api

# Stage 2: Runtime with minimal dependencies
FROM gcr.io/distroless/base
COPY --from=builder /app/api /app/api
CMD ["/app/api"]
