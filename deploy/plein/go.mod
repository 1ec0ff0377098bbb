module plein.dev/plein

go 1.26.0

require (
	plein.dev/ambassadors v0.0.0-00010101000000-000000000000
	plein.dev/events v0.0.0-00010101000000-000000000000
	plein.dev/gateway v0.0.0-00010101000000-000000000000
	plein.dev/notifications v0.0.0-00010101000000-000000000000
	plein.dev/platform v0.0.0-00010101000000-000000000000
	plein.dev/proto v0.0.0-00010101000000-000000000000
	plein.dev/registrations v0.0.0-00010101000000-000000000000
)

replace plein.dev/proto => ../../proto

replace plein.dev/platform => ../../services/platform

replace plein.dev/events => ../../services/events

replace plein.dev/registrations => ../../services/registrations

replace plein.dev/ambassadors => ../../services/ambassadors

replace plein.dev/notifications => ../../services/notifications

replace plein.dev/gateway => ../../gateway
