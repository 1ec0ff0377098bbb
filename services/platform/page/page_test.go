package page

import (
	"errors"
	"slices"
	"testing"
)

type pos struct {
	Name string `json:"n"`
	ID   int    `json:"i"`
}

func TestPages(t *testing.T) {
	t.Parallel()
	all := []pos{{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}, {"e", 5}}
	// fetch plays the store: items after the position, at most limit.
	fetch := func(r Request[pos]) []pos {
		var out []pos
		for _, p := range all {
			if r.First || p.ID > r.After.ID {
				out = append(out, p)
			}
		}
		return out[:min(len(out), r.Limit())]
	}
	var got []pos
	token, pages := "", 0
	for {
		r, err := Parse[pos](token, 2)
		if err != nil {
			t.Fatal(err)
		}
		items, next, err := Cut(r, fetch(r), func(p pos) pos { return p })
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, items...)
		pages++
		if next == "" {
			break
		}
		token = next
	}
	if !slices.Equal(got, all) || pages != 3 {
		t.Errorf("got %v in %d pages", got, pages)
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		size int32
		want int
	}{{0, DefaultSize}, {-3, DefaultSize}, {7, 7}, {MaxSize + 1, MaxSize}} {
		r, err := Parse[pos]("", c.size)
		if err != nil || r.Size != c.want || !r.First {
			t.Errorf("Parse(size %d) = %+v, %v", c.size, r, err)
		}
	}
	for _, bad := range []string{"!!", "bm90IGpzb24", "W10"} {
		if _, err := Parse[pos](bad, 0); !errors.Is(err, ErrInvalid) {
			t.Errorf("Parse(%q) err = %v", bad, err)
		}
	}
}
