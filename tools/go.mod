module plein.dev/tools

go 1.26.8
