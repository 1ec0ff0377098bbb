package app_test

import (
	"bytes"
	"context"
	"testing"

	"plein.dev/platform/sqlite"
)

// An erasure request clears the address of every ambassador appointed
// with it, in any programme and whatever its case, and announces each;
// another erased address in the same programme does not collide.
func TestErasePersonClearsTheAmbassadorsAddress(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p := f.programme(t)
	a := f.ambassador(t, p.ID, "anouk@rdm.nl")
	b := f.ambassador(t, p.ID, "bram@rdm.nl")
	f.takeOutbox(t)
	erase := func(address string) int {
		t.Helper()
		var n int
		err := f.db.InTx(context.Background(), func(tx sqlite.Tx) error {
			var err error
			n, err = f.app.ErasePerson(context.Background(), tx, address)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := erase(" Anouk@RDM.nl "); n != 1 {
		t.Fatalf("erased %d ambassadors, want 1", n)
	}
	if n := erase("bram@rdm.nl"); n != 1 {
		t.Fatalf("erased %d ambassadors, want 1", n)
	}
	var emails []string
	if err := f.db.R.Select(&emails, `SELECT email FROM ambassadors WHERE id IN (?, ?)`, a.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	if len(emails) != 2 || emails[0] != "" || emails[1] != "" {
		t.Errorf("addresses after erasure %q", emails)
	}
	rows := f.takeOutbox(t)
	if len(rows) != 2 || rows[0].Subject != "plein.ambassadors.ambassador.updated" {
		t.Fatalf("announced %v", rows)
	}
	for _, r := range rows {
		if bytes.Contains(r.Payload, []byte("rdm.nl")) {
			t.Errorf("the announcement carries the address: %q", r.Payload)
		}
	}
	if n := erase("nobody@rdm.nl"); n != 0 {
		t.Errorf("erased %d for an unknown address", n)
	}
}
