module github.com/acme/inventory

go 1.22

toolchain go1.26.2
