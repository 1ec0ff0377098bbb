package domain

import (
	"sort"
	"strings"
)

// rowsByKey indexes rows by their key, ignoring case.
func rowsByKey(rows []ReportRow) map[string]*ReportRow {
	out := make(map[string]*ReportRow, len(rows))
	for i := range rows {
		out[strings.ToLower(rows[i].Key)] = &rows[i]
	}
	return out
}

// rowsOf returns the rows of keys (ignoring case), each once, in the order
// of keys; unknown keys have none.
func rowsOf(rows map[string]*ReportRow, keys []string) []*ReportRow {
	var out []*ReportRow
	seen := map[*ReportRow]bool{}
	for _, k := range keys {
		if row := rows[strings.ToLower(k)]; row != nil && !seen[row] {
			seen[row] = true
			out = append(out, row)
		}
	}
	return out
}

// themeKeys returns an activity's themes with their ancestors by the
// programme's parent themes (roll-up): an activity on a line counts for
// its speerpunt and cluster too.
func themeKeys(p *Programme, themes []string) []string {
	var out []string
	for _, t := range themes {
		canonical := t
		for _, pt := range p.Themes {
			if strings.EqualFold(pt, t) {
				canonical = pt
			}
		}
		out = append(out, p.ThemeAncestors(canonical)...)
	}
	return out
}

// NoSector labels the row of the ambassadors without a sector.
const NoSector = "Geen sector"

// sectorRows returns a row per sector of the ambassadors (trimmed, equal
// ignoring case, spelled as first met; "" for those without, labelled
// NoSector), sorted by key, and each ambassador's row by id.
func sectorRows(ambassadors []Ambassador) ([]ReportRow, map[string]*ReportRow) {
	index := map[string]int{}
	var rows []ReportRow
	of := make(map[string]int, len(ambassadors))
	for _, a := range ambassadors {
		sector := strings.TrimSpace(a.Sector)
		key := strings.ToLower(sector)
		i, ok := index[key]
		if !ok {
			label := sector
			if sector == "" {
				label = NoSector
			}
			i = len(rows)
			index[key] = i
			rows = append(rows, ReportRow{Key: sector, Label: label})
		}
		of[a.ID] = i
	}
	order := make([]int, len(rows)) // new position of each row
	sorted := make([]int, len(rows))
	for i := range sorted {
		sorted[i] = i
	}
	sort.SliceStable(sorted, func(i, j int) bool { return rows[sorted[i]].Key < rows[sorted[j]].Key })
	out := make([]ReportRow, len(rows))
	for newPos, old := range sorted {
		out[newPos] = rows[old]
		order[old] = newPos
	}
	byAmbassador := make(map[string]*ReportRow, len(of))
	for id, old := range of {
		byAmbassador[id] = &out[order[old]]
	}
	return out, byAmbassador
}
