package ui

import (
	"encoding/json"
	"html/template"
	"net/http"
	"strings"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/engine"
)

// askData is the Ask page: the form, and the answer once asked.
type askData struct {
	Places  []optionGroup
	Actions []optionGroup
	Facts   *factForm
	Errors  []string
	Answer  *answerView
}

// answerView is a verdict with its trace, for people.
type answerView struct {
	Verdict jirga.Verdict
	Place   *jirga.Territory
	Action  *jirga.Action
	Trace   []engine.TraceEntry
	Missing []string
	// JSON is the question in the form `jirga ask --batch` and POST
	// /api/ask take.
	JSON string
}

func (h *Handler) ask(r *http.Request, st *state) (*view, error) {
	c, e := st.charter, st.engine
	q := r.URL.Query()
	at, action := q.Get("at"), q.Get("action")
	d := &askData{Places: territoryOptions(c, at), Actions: actionOptions(c, []string{action}), Facts: readFacts(c, q)}
	v := &view{Template: "ask", Title: h.locale.T("nav.ask"), Nav: "ask", Data: d}
	if at == "" && action == "" {
		return v, nil
	}
	if at == "" || action == "" {
		d.Errors = append(d.Errors, h.locale.T("ask.needboth"))
		return v, nil
	}
	d.Errors = append(d.Errors, d.Facts.Errors...)
	if len(d.Errors) > 0 {
		return v, nil
	}
	facts, err := e.Facts(d.Facts.person, d.Facts.context)
	if err != nil {
		d.Errors = append(d.Errors, jirga.ErrorMessage(err))
		return v, nil
	}
	question, err := e.NewQuestion(at, action, facts)
	if err != nil {
		d.Errors = append(d.Errors, jirga.ErrorMessage(err))
		return v, nil
	}
	var ans engine.Answer
	e.Ask(question, &ans)
	d.Answer = &answerView{Verdict: ans.Verdict, Place: c.Territory(at), Action: c.Action(action),
		Trace: e.Entries(&ans), Missing: engine.Missing(&ans),
		JSON: jsonText(engine.QuestionJSON{At: at, Action: action, Person: d.Facts.person, Context: nilIfEmpty(d.Facts.context)})}
	return v, nil
}

func nilIfEmpty(m map[string]any) map[string]any {
	if len(m) == 0 {
		return nil
	}
	return m
}

// jsonText is v as compact JSON, for display.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// whereData is the Where page.
type whereData struct {
	Wants, Refuses []optionGroup
	Levels         []option
	Facts          *factForm
	Errors         []string
	Asked          bool
	Map            template.HTML
	Livable        int
	Places         []engine.Placement
	// Names of actions, for the reasons.
	ActionName map[string]string
}

func (h *Handler) where(r *http.Request, st *state) (*view, error) {
	c, e := st.charter, st.engine
	q := r.URL.Query()
	wants, refuses := q["want"], q["refuse"]
	level := q.Get("level")
	d := &whereData{Wants: actionOptions(c, wants), Refuses: actionOptions(c, refuses), Facts: readFacts(c, q), ActionName: map[string]string{}}
	for _, lv := range c.Levels[min(1, len(c.Levels)):] {
		if len(e.TerritoriesAt(lv)) > 0 {
			d.Levels = append(d.Levels, option{Value: lv, Label: lv, Selected: lv == level})
		}
	}
	for _, a := range c.Actions {
		d.ActionName[a.ID] = nameOr(a.Name, a.ID)
	}
	v := &view{Template: "where", Title: h.locale.T("nav.where"), Nav: "where", Data: d}
	if len(wants) == 0 && len(refuses) == 0 {
		if len(q) > 0 {
			d.Errors = append(d.Errors, h.locale.T("where.needwish"))
		}
		return v, nil
	}
	d.Errors = append(d.Errors, d.Facts.Errors...)
	if len(d.Errors) > 0 {
		return v, nil
	}
	facts, err := e.Facts(d.Facts.person, d.Facts.context)
	if err == nil {
		d.Places, err = e.Where(facts, wants, refuses, level)
	}
	if err != nil {
		d.Errors = append(d.Errors, jirga.ErrorMessage(err))
		return v, nil
	}
	d.Asked = true
	for _, p := range d.Places {
		if p.Livable {
			d.Livable++
		}
	}
	if h.geo != nil {
		d.Map = h.whereMap(st, d)
	}
	return v, nil
}

// whereMap draws the livable territories highlighted and says, in each
// other territory's title, why not.
func (h *Handler) whereMap(st *state, d *whereData) template.HTML {
	L := h.locale
	var shapes []mapShape
	drawn := 0
	for _, p := range d.Places {
		s := st.shapeOf[p.Territory.ID]
		if s == nil {
			continue
		}
		drawn++
		ms := mapShape{Shape: *s, Href: "/territories/" + p.Territory.ID, Class: "land"}
		if p.Livable {
			ms.Fill, ms.Title = colourLivable, L.T("where.maplivable", p.Territory.Name)
		} else {
			reasons := make([]string, len(p.Failures))
			for i, f := range p.Failures {
				reasons[i] = failureText(L, f, d.ActionName)
			}
			ms.Fill, ms.Title, ms.Class = colourExcluded, L.T("where.mapexcluded", p.Territory.Name, strings.Join(reasons, "; ")), "land excluded"
		}
		shapes = append(shapes, ms)
	}
	if drawn == 0 {
		return ""
	}
	return drawMap(h.geo, L.T("where.maplabel", d.Livable, len(d.Places)), shapes, nil)
}

// failureText says why a wish fails: "Attend university is forbidden by
// law/rule".
func failureText(L *Locale, f engine.Failure, names map[string]string) string {
	var by []string
	for _, b := range f.Because {
		switch {
		case b.Rule != "":
			by = append(by, b.Law+"/"+b.Rule)
		case b.Right != "":
			by = append(by, b.Right)
		}
	}
	key := "where.failwant"
	if !f.Wanted {
		key = "where.failrefuse"
	}
	s := L.T(key, nameOr(names[f.Action], f.Action), L.T("verdict."+string(f.Verdict)))
	if len(by) > 0 {
		s += " " + L.T("where.by", strings.Join(by, ", "))
	}
	return s
}
