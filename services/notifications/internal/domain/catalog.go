package domain

// The words of the e-mails. Dutch is the default; English goes to those
// who registered in English.

var dutch = texts{
	Greeting: "Beste %s,",
	Someone:  "deelnemer",
	TheEvent: "het evenement",
	SignOff:  "Met vriendelijke groet,\nPlein",
	When:     "Wanneer",
	Where:    "Waar",
	Online:   "Online",
	Reason:   "Reden",
	Code:     "Code",
	Before:   "Eerder",
	After:    "Nieuw",

	Manage:            "Je aanmelding bekijken of annuleren",
	ManageWithoutLink: "Je aanmelding bekijken of annuleren kan met de persoonlijke link die je bij het aanmelden kreeg.",
	CheckIn:           "Laat bij de ingang deze QR-code zien, of noem je code: %s.",
	CalendarAdded:     "Met de bijlage zet je het evenement in je agenda.",
	CalendarUpdated:   "Met de bijlage werk je het evenement in je agenda bij.",
	CalendarRemoved:   "Met de bijlage haal je het evenement uit je agenda.",
	CannotCome:        "Kun je toch niet komen? Annuleer dan, zodat iemand anders je plaats krijgt.",

	SubjectConfirmed: "Aanmelding bevestigd",
	Confirmed:        "Je aanmelding voor %s is bevestigd.",
	SeeYou:           "Tot dan!",

	SubjectWaitlisted: "Op de wachtlijst",
	Waitlisted:        "Er zijn geen plaatsen meer vrij voor %s. Je staat op de wachtlijst.",
	Position:          "Je staat op plaats %d.",
	WhenFree:          "Komt er een plaats vrij, dan krijg je die automatisch en sturen we je een e-mail.",

	SubjectPromoted: "Er is een plaats vrij, je bent aangemeld",
	Promoted:        "Goed nieuws: er is een plaats vrijgekomen voor %s. Je aanmelding is nu bevestigd.",

	SubjectCancelled:      "Aanmelding geannuleerd",
	SubjectEventCancelled: "Afgelast",
	CancelledByAttendee:   "Je aanmelding voor %s is geannuleerd, zoals je vroeg.",
	CancelledByOrganiser:  "De organisator heeft je aanmelding voor %s geannuleerd.",
	EventOff:              "De organisator heeft %s geannuleerd, en daarmee je aanmelding.",

	SubjectRescheduled: "Gewijzigd tijdstip of plaats",
	Rescheduled:        "Het tijdstip of de plaats van %s is gewijzigd.",
	Stands:             "Je aanmelding blijft staan.",
	StillWaiting:       "Je staat nog steeds op de wachtlijst.",

	SubjectReminder: "Herinnering",
	Reminder:        "Een herinnering: %s begint binnenkort.",

	TheProgramme:    "het programma",
	Portal:          "Naar het ambassadeursportaal",
	SubjectBehind:   "Je voortgang als ambassadeur",
	Behind:          "Een vriendelijke herinnering: op %s loop je achter op deze doelen van %s.",
	Progress:        "%d van %d (nu verwacht: %d)",
	ProgressPending: "%d van %d (nu verwacht: %d; nog te beoordelen: %d)",

	SubjectTermEnding: "Je termijn als ambassadeur eindigt op %s",
	TermEnding:        "Je termijn als ambassadeur van %s loopt tot en met %s.",
	TermEndingNext: "Tot en met die dag log je je activiteiten in het portaal. " +
		"Wil je daarna doorgaan? Neem dan contact op met de programmamanager.",
	SubjectTermEnded: "Je termijn als ambassadeur is afgelopen",
	TermEnded:        "Je termijn als ambassadeur van %s is op %s afgelopen. Dank je wel voor je inzet!",
	TermEndedNext:    "Je activiteiten blijven in het portaal te zien.",

	MetricActivities: "Activiteiten",
	MetricMinutes:    "Minuten",
	MetricReached:    "Ondernemers bereikt",
	Theme:            "thema %s",
	Kinds: map[string]string{
		"company-visit": "bedrijfsbezoeken", "presentation": "presentaties", "workshop": "workshops",
		"mentoring": "mentoring", "municipality-meeting": "overleg met de gemeente", "media": "media",
		"event-hosted": "georganiseerde evenementen", "other": "overig",
	},

	SubjectActivate: "Je account voor Plein",
	Activate:        "Er is een account voor je aangemaakt op Plein. Kies met de link hieronder je wachtwoord om het te activeren.",
	ActivateLink:    "Account activeren",
	ActivateNotYou:  "Verwachtte je deze uitnodiging niet? Dan kun je deze e-mail negeren.",
	SubjectReset:    "Nieuw wachtwoord voor Plein",
	Reset:           "Je hebt gevraagd om een nieuw wachtwoord. Kies het met de link hieronder.",
	ResetLink:       "Nieuw wachtwoord kiezen",
	ResetNotYou:     "Heb je dit niet gevraagd? Dan kun je deze e-mail negeren: je wachtwoord blijft hetzelfde.",
	LinkValid:       "De link werkt één keer, tot %s.",

	Days:   [7]string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"},
	Months: [12]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
	At:     "om",
	Until:  "tot",

	CalendarFile: "aanmelding.ics",
}

var english = texts{
	Greeting: "Dear %s,",
	Someone:  "participant",
	TheEvent: "the event",
	SignOff:  "Kind regards,\nPlein",
	When:     "When",
	Where:    "Where",
	Online:   "Online",
	Reason:   "Reason",
	Code:     "Code",
	Before:   "Before",
	After:    "New",

	Manage:            "View or cancel your registration",
	ManageWithoutLink: "To view or cancel your registration, use the personal link you were given when you registered.",
	CheckIn:           "Show this QR code at the entrance, or give your code: %s.",
	CalendarAdded:     "The attachment adds the event to your calendar.",
	CalendarUpdated:   "The attachment updates the event in your calendar.",
	CalendarRemoved:   "The attachment removes the event from your calendar.",
	CannotCome:        "Cannot come after all? Please cancel, so that someone else gets your seat.",

	SubjectConfirmed: "Registration confirmed",
	Confirmed:        "Your registration for %s is confirmed.",
	SeeYou:           "See you there!",

	SubjectWaitlisted: "On the waiting list",
	Waitlisted:        "No seats are left for %s. You are on the waiting list.",
	Position:          "You are number %d.",
	WhenFree:          "If a seat becomes free, it is yours automatically and we will e-mail you.",

	SubjectPromoted: "A seat came free: you are registered",
	Promoted:        "Good news: a seat became free for %s. Your registration is now confirmed.",

	SubjectCancelled:      "Registration cancelled",
	SubjectEventCancelled: "Cancelled",
	CancelledByAttendee:   "Your registration for %s is cancelled, as you asked.",
	CancelledByOrganiser:  "The organiser cancelled your registration for %s.",
	EventOff:              "The organiser cancelled %s, and with it your registration.",

	SubjectRescheduled: "New time or place",
	Rescheduled:        "The time or place of %s has changed.",
	Stands:             "Your registration stands.",
	StillWaiting:       "You are still on the waiting list.",

	SubjectReminder: "Reminder",
	Reminder:        "A reminder: %s starts soon.",

	TheProgramme:    "the programme",
	Portal:          "Go to the ambassador portal",
	SubjectBehind:   "Your progress as an ambassador",
	Behind:          "A friendly reminder: as of %s you are behind on these targets of %s.",
	Progress:        "%d of %d (expected by now: %d)",
	ProgressPending: "%d of %d (expected by now: %d; awaiting review: %d)",

	SubjectTermEnding: "Your term as an ambassador ends on %s",
	TermEnding:        "Your term as an ambassador of %s runs until %s.",
	TermEndingNext: "Until that day you can log your activities in the portal. " +
		"Would you like to go on after it? Please contact the programme manager.",
	SubjectTermEnded: "Your term as an ambassador has ended",
	TermEnded:        "Your term as an ambassador of %s ended on %s. Thank you for all you did!",
	TermEndedNext:    "Your activities stay visible in the portal.",

	MetricActivities: "Activities",
	MetricMinutes:    "Minutes",
	MetricReached:    "Entrepreneurs reached",
	Theme:            "theme %s",
	Kinds: map[string]string{
		"company-visit": "company visits", "presentation": "presentations", "workshop": "workshops",
		"mentoring": "mentoring", "municipality-meeting": "meetings with the municipality", "media": "media",
		"event-hosted": "events hosted", "other": "other",
	},

	SubjectActivate: "Your Plein account",
	Activate:        "An account has been made for you on Plein. Choose your password with the link below to activate it.",
	ActivateLink:    "Activate your account",
	ActivateNotYou:  "Not expecting this invitation? Then you can ignore this e-mail.",
	SubjectReset:    "New password for Plein",
	Reset:           "You asked for a new password. Choose it with the link below.",
	ResetLink:       "Choose a new password",
	ResetNotYou:     "Did you not ask for this? Then you can ignore this e-mail: your password stays the same.",
	LinkValid:       "The link works once, until %s.",

	Days:   [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	Months: [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	At:     "at",
	Until:  "until",

	CalendarFile: "registration.ics",
}
