package rules

import "strings"

// nearest returns the name in valid closest to got by edit distance when it
// is close enough to be a plausible typo, and "" otherwise.
//
// It mirrors charter.Nearest, which rules cannot import (charter imports
// rules); see the report on moving it to the root package.
func nearest(got string, valid []string) string {
	best, bestDist := "", -1
	lg := strings.ToLower(got)
	for _, v := range valid {
		if d := editDistance(lg, strings.ToLower(v)); bestDist < 0 || d < bestDist {
			best, bestDist = v, d
		}
	}
	if bestDist < 0 || bestDist > max(2, len(got)/3+1) {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b; very long
// strings are compared for equality only.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 256 || len(rb) > 256 {
		if a == b {
			return 0
		}
		return len(ra) + len(rb)
	}
	row := make([]int, len(rb)+1)
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		diag := row[0]
		row[0] = i
		for j := 1; j <= len(rb); j++ {
			up := row[j]
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			row[j] = min(row[j]+1, row[j-1]+1, diag+cost)
			diag = up
		}
	}
	return row[len(rb)]
}
