module example.com/webui

go 1.26
