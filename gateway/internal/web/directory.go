package web

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// directory keeps the programmes and venues the pages name and filter by,
// for a short while: they change seldom, and every listing needs them. A
// page that meets an id the copy does not know asks for a fresh copy (at
// most once a second), so a venue created a moment ago shows at once.
type directory struct {
	events      eventsv1.EventsServiceClient
	ambassadors ambassadorsv1.AmbassadorsServiceClient
	now         func() time.Time

	mu      sync.Mutex
	current *listing
}

// listing is one copy of the directory.
type listing struct {
	fetched    time.Time
	programmes []*ambassadorsv1.Programme
	venues     []*eventsv1.Venue
	programme  map[string]*ambassadorsv1.Programme
	venue      map[string]*eventsv1.Venue
	// roomVenue maps a room to its venue.
	roomVenue map[string]*eventsv1.Venue
	room      map[string]*eventsv1.Room
	// themes are all the programmes' themes, sorted.
	themes []string
}

const (
	directoryTTL    = 30 * time.Second
	directoryMinAge = time.Second
	// directoryPages bounds how many pages of 200 are read of each list.
	directoryPages = 10
)

func newDirectory(ev eventsv1.EventsServiceClient, am ambassadorsv1.AmbassadorsServiceClient, now func() time.Time) *directory {
	return &directory{events: ev, ambassadors: am, now: now}
}

// get returns a copy no older than the TTL.
func (d *directory) get(ctx context.Context) (*listing, error) {
	return d.load(ctx, directoryTTL)
}

// refresh returns a copy that is at most a second old, for a page that met
// an unknown id.
func (d *directory) refresh(ctx context.Context) (*listing, error) {
	return d.load(ctx, directoryMinAge)
}

// forget drops the copy, after a page changed what it lists.
func (d *directory) forget() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.current = nil
}

func (d *directory) load(ctx context.Context, maxAge time.Duration) (*listing, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.current != nil && d.now().Sub(d.current.fetched) < maxAge {
		return d.current, nil
	}
	l, err := d.fetch(ctx)
	if err != nil {
		if d.current != nil {
			return d.current, nil // a stale copy beats no page
		}
		return nil, err
	}
	d.current = l
	return l, nil
}

func (d *directory) fetch(ctx context.Context) (*listing, error) {
	l := &listing{fetched: d.now(), programme: map[string]*ambassadorsv1.Programme{},
		venue: map[string]*eventsv1.Venue{}, roomVenue: map[string]*eventsv1.Venue{}, room: map[string]*eventsv1.Room{}}
	var progErr, venueErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		token := ""
		for range directoryPages {
			resp, err := d.ambassadors.ListProgrammes(ctx, &ambassadorsv1.ListProgrammesRequest{PageSize: 200, PageToken: token})
			if err != nil {
				progErr = fmt.Errorf("list programmes: %w", err)
				return
			}
			l.programmes = append(l.programmes, resp.GetItems()...)
			if token = resp.GetNextPageToken(); token == "" {
				return
			}
		}
	})
	wg.Go(func() {
		token := ""
		for range directoryPages {
			resp, err := d.events.ListVenues(ctx, &eventsv1.ListVenuesRequest{PageSize: 200, PageToken: token})
			if err != nil {
				venueErr = fmt.Errorf("list venues: %w", err)
				return
			}
			l.venues = append(l.venues, resp.GetItems()...)
			if token = resp.GetNextPageToken(); token == "" {
				return
			}
		}
	})
	wg.Wait()
	if progErr != nil {
		return nil, progErr
	}
	if venueErr != nil {
		return nil, venueErr
	}
	themes := map[string]bool{}
	for _, p := range l.programmes {
		l.programme[p.GetId()] = p
		for _, t := range p.GetThemes() {
			themes[t] = true
		}
	}
	for t := range themes {
		l.themes = append(l.themes, t)
	}
	slices.Sort(l.themes)
	slices.SortFunc(l.programmes, func(a, b *ambassadorsv1.Programme) int { return cmp.Compare(a.GetName(), b.GetName()) })
	slices.SortFunc(l.venues, func(a, b *eventsv1.Venue) int { return cmp.Compare(a.GetName(), b.GetName()) })
	for _, v := range l.venues {
		l.venue[v.GetId()] = v
		for _, r := range v.GetRooms() {
			l.roomVenue[r.GetId()] = v
			l.room[r.GetId()] = r
		}
	}
	return l, nil
}

// knows reports whether the copy knows every programme and room the
// events name.
func (l *listing) knows(events ...*eventsv1.Event) bool {
	for _, e := range events {
		if id := e.GetProgrammeId(); id != "" && l.programme[id] == nil {
			return false
		}
		if id := e.GetRoomId(); id != "" && l.roomVenue[id] == nil {
			return false
		}
	}
	return true
}

// forEvents returns a copy that knows the events' programmes and rooms if
// any does.
func (d *directory) forEvents(ctx context.Context, events ...*eventsv1.Event) (*listing, error) {
	l, err := d.get(ctx)
	if err != nil || l.knows(events...) {
		return l, err
	}
	return d.refresh(ctx)
}
