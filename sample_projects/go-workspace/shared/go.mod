module example.com/ws/shared

go 1.23
