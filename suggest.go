package jirga

import "strings"

// Suggest returns a hint naming the valid name nearest to got, such as
// `did you mean "council"?`, or "" when none is near enough to help.
func Suggest(got string, valid []string) string {
	if best := Nearest(got, valid); best != "" {
		return "did you mean " + quote(best) + "?"
	}
	return ""
}

// Nearest returns the name in valid closest to got by edit distance, if it
// is close enough to be a plausible typo, and "" otherwise.
func Nearest(got string, valid []string) string {
	best, bestDist := "", -1
	lg := strings.ToLower(got)
	for _, v := range valid {
		dist := distance(lg, strings.ToLower(v))
		if bestDist < 0 || dist < bestDist {
			best, bestDist = v, dist
		}
	}
	limit := len(got)/3 + 1
	if limit < 2 {
		limit = 2
	}
	if bestDist < 0 || bestDist > limit {
		return ""
	}
	return best
}

// NearestN returns up to n names in valid closest to got, nearest first.
func NearestN(got string, valid []string, n int) []string {
	type scored struct {
		name string
		dist int
	}
	lg := strings.ToLower(got)
	var all []scored
	for _, v := range valid {
		d := distance(lg, strings.ToLower(v))
		if strings.Contains(strings.ToLower(v), lg) && lg != "" {
			d = 0
		}
		all = append(all, scored{v, d})
	}
	// Insertion sort keeps it stable and small.
	for i := 1; i < len(all); i++ {
		for j := i; j > 0 && all[j].dist < all[j-1].dist; j-- {
			all[j], all[j-1] = all[j-1], all[j]
		}
	}
	var out []string
	for _, s := range all {
		if len(out) == n || s.dist > len(got)/2+2 {
			break
		}
		out = append(out, s.name)
	}
	return out
}

func quote(s string) string { return "\"" + s + "\"" }

// distance is the Levenshtein edit distance between a and b.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 256 || len(rb) > 256 {
		if a == b {
			return 0
		}
		return len(ra) + len(rb)
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
