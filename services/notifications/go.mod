module plein.dev/notifications

go 1.26.0

require (
	plein.dev/platform v0.0.0-00010101000000-000000000000
	plein.dev/proto v0.0.0-00010101000000-000000000000
)

replace (
	plein.dev/platform => ../platform
	plein.dev/proto => ../../proto
)
