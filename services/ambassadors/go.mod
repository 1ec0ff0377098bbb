module plein.dev/ambassadors

go 1.26.0
