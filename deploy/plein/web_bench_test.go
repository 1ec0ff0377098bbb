package plein_test

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"
)

// BenchmarkHome measures the agenda page against the all-in-one holding
// 1,000 upcoming published events, half of them in a room of a venue: the
// first page, a search, a month, and the venue filter (which the gateway
// applies itself, reading the list in batches). Each reports its p99 in
// milliseconds beside the mean; the target is 20 ms p99.
//
//	go test -run '^$' -bench BenchmarkHome -benchtime 2000x
func BenchmarkHome(b *testing.B) {
	base := startPlein(b, "-log-level", "error")
	org := signIn(b, base, adminEmail, adminPassword)
	venue := org.must(http.StatusCreated, "POST", "/api/v1/venues", map[string]any{"name": "Ondernemersplein", "city": "Rotterdam"})
	venueID := venue["id"].(string)
	room := org.must(http.StatusCreated, "POST", "/api/v1/venues/"+venueID+"/rooms", map[string]any{"name": "Zaal 1", "capacity": 80})
	start := time.Now().Add(24 * time.Hour).UTC().Truncate(time.Hour)

	const events, workers = 1000, 4
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < events; i += workers {
				at := start.Add(time.Duration(i) * 90 * time.Minute)
				body := map[string]any{"title": fmt.Sprintf("Bijeenkomst %04d", i), "capacity": 30,
					"description": "Ondernemers ontmoeten elkaar.", "themes": []string{"innovatie"},
					"startsAt": at.Format(time.RFC3339), "endsAt": at.Add(time.Hour).Format(time.RFC3339)}
				if i%2 == 0 {
					body["roomId"] = room["id"]
				} else {
					body["location"] = "Stadhuis, Rotterdam"
				}
				ev := org.must(http.StatusCreated, "POST", "/api/v1/events", body)
				org.must(http.StatusOK, "POST", "/api/v1/events/"+ev["id"].(string)+"/publish", map[string]any{})
			}
		})
	}
	wg.Wait()
	month := start.AddDate(0, 1, 0).Format("2006-01")
	anon := &http.Client{Timeout: 10 * time.Second}
	for _, bc := range []struct{ name, path string }{
		{"first page", "/"},
		{"search", "/?q=bijeenkomst+09"},
		{"month", "/?month=" + month},
		{"venue", "/?venueId=" + venueID},
	} {
		b.Run(bc.name, func(b *testing.B) {
			took := make([]time.Duration, 0, b.N)
			for b.Loop() {
				t0 := time.Now()
				resp, err := anon.Get(base + bc.path)
				if err != nil {
					b.Fatal(err)
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					b.Fatalf("GET %s: %d %v", bc.path, resp.StatusCode, err)
				}
				took = append(took, time.Since(t0))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}
