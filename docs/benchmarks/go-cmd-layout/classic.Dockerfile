FROM golang:1.26
WORKDIR /app
COPY . .
RUN go build -o /app/inventory ./cmd/inventory
CMD ["/app/inventory"]
