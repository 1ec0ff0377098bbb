package app_test

import (
	"bytes"
	"context"
	"testing"

	"plein.dev/ambassadors/internal/domain"
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

// An erasure request removes every programme contact with the address,
// whatever its case, the whole contact, from each programme naming it, and
// announces the programme updated without it; the other contacts stay.
func TestErasePersonRemovesProgrammeContacts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p, err := f.app.CreateProgramme(asOrganiser(), domain.Programme{
		Name: "Productieve regio", Municipality: "Arnhem", Themes: []string{"innovatie"},
		StartsOn: "2025-01-01", EndsOn: "2026-12-31",
		Contacts: []domain.Contact{
			{Name: "Wethouder De Boer", Role: "wethouder", Email: "deboer@arnhem.nl", Public: true},
			{Name: "Ilse Smit", Role: "programmamanager", Email: "Ilse.Smit@arnhem.nl", Phone: "026 123 4567"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	f.takeOutbox(t)
	var n int
	err = f.db.InTx(context.Background(), func(tx sqlite.Tx) error {
		var err error
		n, err = f.app.ErasePerson(context.Background(), tx, " ilse.smit@ARNHEM.nl")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.app.GetProgramme(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || len(got.Contacts) != 1 || got.Contacts[0].Name != "Wethouder De Boer" || got.Version != p.Version+1 {
		t.Errorf("erased %d; contacts now %+v (version %d)", n, got.Contacts, got.Version)
	}
	rows := f.takeOutbox(t)
	if len(rows) != 1 || rows[0].Subject != "plein.ambassadors.programme.updated" || bytes.Contains(rows[0].Payload, []byte("Ilse")) {
		t.Errorf("announced %+v", rows)
	}
}
