module plein.dev/events

go 1.26
