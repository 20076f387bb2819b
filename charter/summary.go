package charter

// Summary counts the elements of a charter, as `jirga check --json` and the
// HTTP API's /api/charter report them.
type Summary struct {
	Parties     int `json:"parties"`
	Communities int `json:"communities"`
	Territories int `json:"territories"`
	Domains     int `json:"domains"`
	Actions     int `json:"actions"`
	Bodies      int `json:"bodies"`
	Laws        int `json:"laws"`
	Rules       int `json:"rules"`
}

// Summary counts c's elements. It works on a partly loaded charter too.
func (c *Charter) Summary() Summary {
	return Summary{
		Parties:     len(c.Parties),
		Communities: len(c.Communities),
		Territories: len(c.Territories),
		Domains:     len(c.Domains),
		Actions:     len(c.Actions),
		Bodies:      len(c.Bodies),
		Laws:        len(c.Laws),
		Rules:       len(c.Rules()),
	}
}
