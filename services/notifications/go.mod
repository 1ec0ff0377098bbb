module plein.dev/notifications

go 1.26
