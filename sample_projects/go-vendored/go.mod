module example.com/shout

go 1.23

require example.com/textcase v1.0.0
