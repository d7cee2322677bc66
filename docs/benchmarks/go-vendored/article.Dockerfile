# Stage 1: Build with all tools
FROM golang:1.23 AS builder
WORKDIR /app
COPY . .
RUN go build -o /app/shout .

# Stage 2: Runtime with minimal dependencies
FROM gcr.io/distroless/base
COPY --from=builder /app/shout /app/shout
CMD ["/app/shout"]
