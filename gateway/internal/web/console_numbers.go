package web

import (
	"strconv"
	"strings"
)

// ParseNumber reads a number as typed on a page in l's language: Dutch
// writes thousands with a point and decimals with a comma (250.000 and
// 12,5), English the other way round (250,000 and 12.5). Thousands
// separators must group by three. A figure that reads one way in one
// language and another way in the other is refused rather than guessed:
// a lone separator followed by exactly three digits after one to three
// digits (1,000 on a Dutch page, 1.000 on an English one), and the
// grouping mark used as decimal mark (12.5 on a Dutch page). ok is false
// for anything else that is no number, and beyond ±10¹².
func (l *Lang) ParseNumber(s string) (float64, bool) {
	group, point := ".", ","
	if l.Code == "en" {
		group, point = ",", "."
	}
	s = strings.TrimSpace(s)
	neg := false
	for _, minus := range []string{"-", "−"} {
		if rest, ok := strings.CutPrefix(s, minus); ok {
			s, neg = rest, true
			break
		}
	}
	whole, frac, decimal := strings.Cut(s, point)
	if decimal && !digits(frac) || whole == "" && !decimal {
		return 0, false
	}
	if strings.Contains(whole, group) {
		parts := strings.Split(whole, group)
		if len(parts[0]) > 3 || !digits(parts[0]) || parts[0][0] == '0' {
			return 0, false
		}
		for _, p := range parts[1:] {
			if len(p) != 3 || !digits(p) {
				return 0, false
			}
		}
		whole = strings.Join(parts, "")
	} else {
		if whole != "" && !digits(whole) {
			return 0, false
		}
		// 1,000 (Dutch) or 1.000 (English): a thousand in the other
		// language.
		if decimal && len(frac) == 3 && len(whole) >= 1 && len(whole) <= 3 && whole[0] != '0' {
			return 0, false
		}
	}
	if whole == "" {
		whole = "0"
	}
	v := whole
	if decimal {
		v += "." + frac
	}
	x, err := strconv.ParseFloat(v, 64)
	if neg {
		x = -x
	}
	return x, err == nil && x >= -1e12 && x <= 1e12
}

// digits reports whether s is one or more ASCII digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// NumberInput writes v for a form's text field in l's language, with
// every decimal, so that ParseNumber reads it back as it was: 250.000 and
// 12,5 in Dutch. Three decimals get a fourth zero (1,1250), as 1,125
// would be refused as a possible thousand.
func (l *Lang) NumberInput(v float64) string {
	group, point := ".", ","
	if l.Code == "en" {
		group, point = ",", "."
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	sign := ""
	if r, ok := strings.CutPrefix(s, "-"); ok {
		s, sign = r, "-"
	}
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(c)
	}
	if len(frac) == 3 {
		frac += "0"
	}
	if frac != "" {
		b.WriteString(point + frac)
	}
	return b.String()
}
