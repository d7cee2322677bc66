module github.com/acme/shop/libs/health

go 1.26
