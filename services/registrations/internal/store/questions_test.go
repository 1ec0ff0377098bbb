package store_test

import (
	"fmt"
	"testing"

	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
)

func TestQuestionsReplaceInOrder(t *testing.T) {
	t.Parallel()
	db := open(t)
	putEvent(t, db, "e1", 5)
	putEvent(t, db, "e2", 5)
	if qs, err := store.Questions(ctx, db.R, "e1"); err != nil || qs == nil || len(qs) != 0 {
		t.Fatalf("no questions: %#v %v", qs, err)
	}
	first := []domain.Question{
		{ID: "z", Kind: domain.KindSingleChoice, Label: "Dieet", Options: []string{"geen", "vegetarisch"}},
		{ID: "a", Kind: domain.KindYesNo, Label: "Parkeren?", Required: true},
	}
	write(t, db, func(tx sqlite.Tx) error { return store.SetQuestions(ctx, tx, "e1", first) })
	write(t, db, func(tx sqlite.Tx) error { return store.SetQuestions(ctx, tx, "e2", first[:1]) })
	got, err := store.Questions(ctx, db.R, "e1")
	if err != nil {
		t.Fatal(err)
	}
	want := []domain.Question{first[0], {ID: "a", Kind: domain.KindYesNo, Label: "Parkeren?", Required: true, Options: []string{}}}
	if fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want) {
		t.Fatalf("questions\n got %#v\nwant %#v", got, want)
	}
	second := []domain.Question{{ID: "remark", Kind: domain.KindText, Label: "Opmerking"}}
	write(t, db, func(tx sqlite.Tx) error { return store.SetQuestions(ctx, tx, "e1", second) })
	if got, _ := store.Questions(ctx, db.R, "e1"); len(got) != 1 || got[0].ID != "remark" {
		t.Errorf("after replacing: %v", got)
	}
	if got, _ := store.Questions(ctx, db.R, "e2"); len(got) != 1 || got[0].ID != "z" {
		t.Errorf("another event's questions changed: %v", got)
	}
}
