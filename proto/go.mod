module plein.dev/proto

go 1.26
