FROM golang:1.25
WORKDIR /app
COPY . .
RUN go build -o /app/checksum .
CMD ["/app/checksum"]
