module plein.dev/gateway

go 1.26
