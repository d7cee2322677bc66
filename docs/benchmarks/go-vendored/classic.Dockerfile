FROM golang:1.23
WORKDIR /app
COPY . .
RUN go build -o /app/shout .
CMD ["/app/shout"]
