module plein.dev/registrations

go 1.26
