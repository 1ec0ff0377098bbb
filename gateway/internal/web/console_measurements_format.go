package web

import (
	"math"
	"strconv"
	"strings"
)

// Number writes v as the page's language does, rounded to two decimals:
// 12.500,5 in Dutch, 12,500.5 in English.
func (l *Lang) Number(v float64) string {
	v = math.Round(v*100) / 100
	s := strconv.FormatFloat(math.Abs(v), 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	group, point := ".", ","
	if l.Code == "en" {
		group, point = ",", "."
	}
	var b strings.Builder
	if v < 0 {
		b.WriteString("−")
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(point + frac)
	}
	return b.String()
}

// Amount is v in an indicator's unit (count, euro, hours, percent):
// "€ 12.500", "40 uur", "12%".
func (l *Lang) Amount(unit string, v float64) string {
	switch unit {
	case "euro", "hours", "percent":
		return l.T("amount."+unit, "Value", l.Number(v))
	}
	return l.Number(v)
}
