module plein.dev/plein

go 1.26
