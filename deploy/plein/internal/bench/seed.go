package bench

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The listing phase needs a large catalogue: filling it through the API
// would take hours, so plein is stopped and the events and registrations
// services' own SQLite files are filled directly with rows like the ones
// the services write, in one transaction per file (see seedCatalogue).

// Seeded is what seedCatalogue wrote, and the values the listing filters
// use.
type Seeded struct {
	Events        int     `json:"events"`
	Registrations int     `json:"registrations"`
	Seconds       float64 `json:"seconds"`
	// Programme and Venue are a programme and a venue with their share of
	// the events; Word occurs in about one title in eight.
	Programme string `json:"programmeId"`
	Venue     string `json:"venueId"`
	Word      string `json:"q"`
}

// catalogue is the generated data, kept only as long as both files are
// written.
type catalogue struct {
	programmes []string
	venues     []seedVenue
	rooms      []seedRoom
	events     []seedEvent
}

type seedVenue struct{ id, name, city string }

type seedRoom struct {
	id, venueID, name string
	capacity          int
}

type seedEvent struct {
	id, title, description, programme, themes, room, location string
	visibility, status, inviteCode, cancellation              string
	starts, ends, created, updated                            int64
	capacity                                                  int
	version                                                   int64
}

var (
	seedKinds  = []string{"workshop", "netwerkborrel", "masterclass", "spreekuur", "lezing", "meetup", "ontbijtsessie", "inloopavond"}
	seedTopics = []string{"export", "duurzaamheid", "financiering", "personeel", "innovatie", "marketing",
		"circulaire economie", "digitalisering", "subsidies", "ondernemen in de regio", "energie", "logistiek"}
	seedThemes = []string{"innovatie", "duurzaamheid", "internationaal", "financiering", "talent", "digitaal", "starters", "regio"}
	seedCities = []string{"Utrecht", "Rotterdam", "Groningen", "Eindhoven", "Zwolle", "Arnhem", "Den Haag", "Leeuwarden",
		"Maastricht", "Enschede", "Amsterdam", "Middelburg"}
)

const (
	seedVenues        = 12
	seedRoomsPerVenue = 4
	seedProgrammes    = 40
)

// seedCatalogue adds nEvents events and nRegs registrations to the
// databases of a stopped plein in dataDir, spread over three years around
// now (two behind, one ahead).
//
// The rows are what the services would have written for that history:
// events in venues' rooms (never two at once in a room) or at a free
// location, in programmes with themes, public or not; past ones completed
// or cancelled, coming ones published, draft or cancelled. Registrations
// go to the events that were published: confirmed up to the capacity,
// the rest waitlisted, some cancelled, people at completed events mostly
// checked in. The registrations service's copy of each event carries its
// seat counters, and the events service's event_seats the counts it was
// told, both consistent with the rows.
func seedCatalogue(ctx context.Context, dataDir string, nEvents, nRegs int, now time.Time) (Seeded, error) {
	started := time.Now()
	rng := rand.New(rand.NewPCG(13, uint64(nEvents)))
	c := generate(rng, nEvents, now)
	counts, err := seedRegistrations(ctx, filepath.Join(dataDir, "registrations.db"), rng, c, nRegs, now)
	if err != nil {
		return Seeded{}, err
	}
	if err := seedEvents(ctx, filepath.Join(dataDir, "events.db"), c, counts); err != nil {
		return Seeded{}, err
	}
	return Seeded{
		Events: nEvents, Registrations: nRegs, Seconds: round(time.Since(started).Seconds(), 1),
		Programme: c.programmes[0], Venue: c.venues[0].id, Word: seedKinds[2],
	}, nil
}

func generate(rng *rand.Rand, n int, now time.Time) *catalogue {
	c := &catalogue{}
	t0 := now.AddDate(-2, 0, 0)
	for i := range seedProgrammes {
		c.programmes = append(c.programmes, seedID(rng, t0.Add(time.Duration(i)*time.Hour)))
	}
	for v := range seedVenues {
		venue := seedVenue{id: seedID(rng, t0), name: "Ondernemershuis " + seedCities[v], city: seedCities[v]}
		c.venues = append(c.venues, venue)
		for r := range seedRoomsPerVenue {
			c.rooms = append(c.rooms, seedRoom{id: seedID(rng, t0), venueID: venue.id,
				name: "Zaal " + strconv.Itoa(r+1), capacity: 30 + 60*r + rng.IntN(30)})
		}
	}

	// Events start on the quarter hour between 08:00 and 21:00, evenly
	// over the days; room r takes every len(rooms)-th slot of a day, and
	// an event ends before that room's next one starts.
	days := int(now.AddDate(1, 0, 0).Sub(t0).Hours() / 24)
	perDay := (n + days - 1) / days
	slot := 13 * time.Hour / time.Duration(perDay)
	day0 := time.Date(t0.Year(), t0.Month(), t0.Day(), 8, 0, 0, 0, time.UTC)
	for i := range n {
		d, j := i/perDay, i%perDay
		starts := day0.AddDate(0, 0, d).Add(time.Duration(j) * slot).Truncate(time.Minute)
		length := time.Duration(60+15*rng.IntN(9)) * time.Minute
		e := seedEvent{
			id: seedID(rng, starts.AddDate(0, -1, 0)), starts: starts.Unix(),
			created: starts.AddDate(0, -1, 0).Unix(), capacity: 20 + 10*rng.IntN(19),
		}
		kind, topic := seedKinds[rng.IntN(len(seedKinds))], seedTopics[rng.IntN(len(seedTopics))]
		e.title = strings.ToUpper(kind[:1]) + kind[1:] + " " + topic
		e.description = "Een " + kind + " over " + topic + " voor ondernemers uit de regio, met tijd om vragen te stellen en elkaar te ontmoeten."
		if rng.IntN(10) < 7 {
			e.programme = c.programmes[rng.IntN(len(c.programmes))]
		}
		themes := []string{seedThemes[rng.IntN(len(seedThemes))]}
		if t := seedThemes[rng.IntN(len(seedThemes))]; rng.IntN(2) == 0 && t != themes[0] {
			themes = append(themes, t)
		}
		e.themes = `["` + strings.Join(themes, `","`) + `"]`
		if i%5 < 3 {
			room := c.rooms[j%len(c.rooms)]
			e.room, e.capacity = room.id, room.capacity
			venue := c.venues[j%len(c.rooms)/seedRoomsPerVenue]
			e.location = venue.name + ", " + venue.city
			length = min(length, time.Duration(len(c.rooms))*slot)
		} else {
			e.location = "Bedrijventerrein " + strconv.Itoa(1+rng.IntN(40)) + ", " + seedCities[rng.IntN(len(seedCities))]
		}
		e.ends = starts.Add(max(length, time.Minute)).Unix()
		switch v := rng.IntN(10); {
		case v < 8:
			e.visibility = "public"
		case v < 9:
			e.visibility, e.inviteCode = "invite-only", hex.EncodeToString(seedBytes(rng, 8))
		default:
			e.visibility = "internal"
		}
		s := rng.IntN(100)
		switch {
		case e.ends <= now.Unix() && s < 92:
			e.status, e.version = "completed", 3
		case e.ends <= now.Unix() || s < 7:
			e.status, e.version, e.cancellation = "cancelled", 3, "Te weinig aanmeldingen"
		case s < 15:
			e.status, e.version = "draft", 1
		default:
			e.status, e.version = "published", 2
		}
		e.updated = min(now.Unix(), e.created+int64(e.version)*86400)
		c.events = append(c.events, e)
	}
	return c
}

// everPublished says whether e went through publication, so the
// registrations service knows it and people may have registered. (Coming
// cancelled events are taken as cancelled after publication.)
func (e *seedEvent) everPublished() bool { return e.status != "draft" }

// seatCounts are an event's registrations as the registrations service
// counts them.
type seatCounts struct{ confirmed, waitlisted, total int }

// seedRegistrations writes the registrations service's copy of every
// published event and nRegs registrations spread over them, weighted by
// capacity; it returns the counts per event index.
func seedRegistrations(ctx context.Context, path string, rng *rand.Rand, c *catalogue, nRegs int, now time.Time) (map[int]seatCounts, error) {
	var open []int
	weights, sum := map[int]float64{}, 0.0
	for i := range c.events {
		if c.events[i].everPublished() {
			open = append(open, i)
			w := float64(c.events[i].capacity) * (0.3 + rng.Float64())
			weights[i], sum = w, sum+w
		}
	}
	if len(open) == 0 && nRegs > 0 {
		return nil, fmt.Errorf("seed: %d events, none published to register for", len(c.events))
	}
	want := map[int]int{}
	left := nRegs
	for k, i := range open {
		n := int(float64(nRegs) * weights[i] / sum)
		if k == len(open)-1 {
			n = left
		}
		n = min(n, left)
		want[i], left = n, left-n
	}

	counts := map[int]seatCounts{}
	err := seedFile(ctx, path, func(tx *sql.Tx) error {
		ev, err := tx.PrepareContext(ctx, `INSERT INTO events (id, title, starts_at, ends_at, capacity, status,
			visibility, location, description, invite_code, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		counters, err := tx.PrepareContext(ctx, `UPDATE events SET seats_version = ?, attendance_version = ?,
			confirmed = ?, waitlisted = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		reg, err := tx.PrepareContext(ctx, `INSERT INTO registrations (id, event_id, name, email, email_key,
			status, token_hash, registered_at, confirmed_at, cancelled_at, checked_in_at, cancellation_reason,
			cancelled_by, version, consent_version, consented_at, checkin_code, language, anonymised_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		person := 0
		// Registrations of events that ended more than the default
		// retention period ago hold no personal data any more.
		const retention = 180 * 24 * 3600
		expiredBefore := now.Unix() - retention
		for _, i := range open {
			e := &c.events[i]
			if _, err := ev.ExecContext(ctx, e.id, e.title, e.starts, e.ends, e.capacity, e.status, e.visibility,
				e.location, e.description, e.inviteCode, e.version); err != nil {
				return fmt.Errorf("seed registrations' event: %w", err)
			}
			var sc seatCounts
			checkedIn := 0
			for range want[i] {
				person++
				at := e.created + rng.Int64N(max(1, min(e.starts, now.Unix())-e.created))
				status, confirmedAt := "confirmed", sql.NullInt64{Int64: at, Valid: true}
				var cancelledAt, checkedInAt sql.NullInt64
				reason, by, version := "", "", 1
				switch {
				case e.status == "cancelled":
					status, cancelledAt, reason, by, version = "cancelled", sql.NullInt64{Int64: max(e.updated, at), Valid: true},
						e.cancellation, "event", 2
				case rng.IntN(25) == 0:
					status, cancelledAt, by, version = "cancelled", sql.NullInt64{Int64: at + 3600, Valid: true}, "attendee", 2
				case sc.confirmed >= e.capacity:
					status, confirmedAt = "waitlisted", sql.NullInt64{}
				}
				switch status {
				case "confirmed":
					sc.confirmed++
					if e.status == "completed" && rng.IntN(10) < 7 {
						checkedInAt, version = sql.NullInt64{Int64: e.starts, Valid: true}, 2
						checkedIn++
					}
				case "waitlisted":
					sc.waitlisted++
				}
				sc.total++
				id := seedID(rng, time.Unix(at, 0))
				name, email := "Deelnemer "+strconv.Itoa(person), "deelnemer-"+strconv.Itoa(person)+"@bedrijf.example"
				emailKey, consent := email, "2026-01"
				hash := sha256.Sum256(seedBytes(rng, 16))
				token, code := hash[:], sql.NullString{String: checkInCode(person), Valid: true}
				var anonymised sql.NullInt64
				if e.ends <= expiredBefore {
					// As the retention sweep left it (store.AnonymiseExpired):
					// a catalogue three years deep has run that long.
					name, email, emailKey, consent, token, code = "", "", "anonymised:"+id, "", []byte{}, sql.NullString{}
					anonymised = sql.NullInt64{Int64: e.ends + retention, Valid: true}
				}
				language := "nl"
				if person%6 == 0 {
					language = "en"
				}
				if _, err := reg.ExecContext(ctx, id, e.id, name, email, emailKey, status, token, at, confirmedAt,
					cancelledAt, checkedInAt, reason, by, version, consent, at, code, language, anonymised); err != nil {
					return fmt.Errorf("seed registration: %w", err)
				}
			}
			if _, err := counters.ExecContext(ctx, sc.total, min(checkedIn, 1), sc.confirmed, sc.waitlisted, e.id); err != nil {
				return fmt.Errorf("seed registrations' event: %w", err)
			}
			if sc.total > 0 {
				counts[i] = sc
			}
		}
		return nil
	})
	return counts, err
}

// seedEvents writes the programmes, venues, rooms and events, and the seat
// counts the registrations service reported.
func seedEvents(ctx context.Context, path string, c *catalogue, counts map[int]seatCounts) error {
	return seedFile(ctx, path, func(tx *sql.Tx) error {
		for k, id := range c.programmes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO programmes (id, name, themes, status, version) VALUES (?, ?, ?, 'active', 1)`,
				id, "Programma "+strconv.Itoa(k+1), `["`+seedThemes[k%len(seedThemes)]+`"]`); err != nil {
				return fmt.Errorf("seed programme: %w", err)
			}
		}
		for _, v := range c.venues {
			if _, err := tx.ExecContext(ctx, `INSERT INTO venues (id, name, address, city, created_at) VALUES (?, ?, 'Stationsplein 1', ?, ?)`,
				v.id, v.name, v.city, c.events[0].created); err != nil {
				return fmt.Errorf("seed venue: %w", err)
			}
		}
		for _, r := range c.rooms {
			if _, err := tx.ExecContext(ctx, `INSERT INTO rooms (id, venue_id, name, capacity, facilities) VALUES (?, ?, ?, ?, '["beamer","wifi"]')`,
				r.id, r.venueID, r.name, r.capacity); err != nil {
				return fmt.Errorf("seed room: %w", err)
			}
		}
		ins, err := tx.PrepareContext(ctx, `INSERT INTO events (id, title, description, programme_id, themes, room_id,
			location, starts_at, ends_at, capacity, visibility, status, cancellation_reason, created_at, updated_at,
			version, invite_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		seats, err := tx.PrepareContext(ctx, `INSERT INTO event_seats (event_id, seats_taken, waitlist_length) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		for i := range c.events {
			e := &c.events[i]
			if _, err := ins.ExecContext(ctx, e.id, e.title, e.description, e.programme, e.themes,
				sql.NullString{String: e.room, Valid: e.room != ""}, e.location, e.starts, e.ends, e.capacity,
				e.visibility, e.status, e.cancellation, e.created, e.updated, e.version, e.inviteCode); err != nil {
				return fmt.Errorf("seed event: %w", err)
			}
			if sc, ok := counts[i]; ok {
				if _, err := seats.ExecContext(ctx, e.id, sc.confirmed, sc.waitlisted); err != nil {
					return fmt.Errorf("seed seats: %w", err)
				}
			}
		}
		return nil
	})
}

// seedFile runs fill in one transaction on the SQLite file at path, which
// plein has created and migrated, without fsyncs (a crash while seeding
// only spoils the run), and leaves the file checkpointed. Like plein, it
// runs no ANALYZE: the plans are the ones plein's own files get.
func seedFile(ctx context.Context, path string, fill func(*sql.Tx) error) error {
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=OFF&_foreign_keys=on&_busy_timeout=5000")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `PRAGMA cache_size = -200000`); err != nil {
		return fmt.Errorf("seed %s: %w", path, err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fill(tx); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("seed %s: %w", path, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("seed %s: %w", path, err)
	}
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fmt.Errorf("seed %s: checkpoint: %w", path, err)
	}
	return nil
}

// seedID is a UUIDv7 (the services' ids) for time t.
func seedID(rng *rand.Rand, t time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(t.UnixMilli())<<16|rng.Uint64()&0xffff)
	binary.BigEndian.PutUint64(b[8:], rng.Uint64())
	b[6] = b[6]&0x0f | 0x70
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func seedBytes(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// checkInCode is the n-th of distinct check-in codes in the services'
// alphabet and length.
func checkInCode(n int) string {
	const alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
	var b [8]byte
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = alphabet[n%len(alphabet)]
		n /= len(alphabet)
	}
	return string(b[:])
}
