package deadletters

import "testing"

func TestParseID(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		id      string
		service string
		n       int64
		ok      bool
	}{
		{ID("notifications", 12), "notifications", 12, true},
		{"events-1", "events", 1, true},
		{"events-0", "", 0, false},
		{"events-", "", 0, false},
		{"-3", "", 0, false},
		{"events", "", 0, false},
		{"events-x", "", 0, false},
	} {
		service, n, ok := ParseID(tc.id)
		if service != tc.service || n != tc.n || ok != tc.ok {
			t.Errorf("ParseID(%q) = %q, %d, %v; want %q, %d, %v", tc.id, service, n, ok, tc.service, tc.n, tc.ok)
		}
	}
}
