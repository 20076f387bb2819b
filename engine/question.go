package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/jirga/jirga"
)

// QuestionJSON is the wire form of a question, one per line in a batch.
type QuestionJSON struct {
	ID      json.RawMessage `json:"id,omitempty"`
	At      string          `json:"at"`
	Action  string          `json:"action"`
	Person  map[string]any  `json:"person"`
	Context map[string]any  `json:"context,omitempty"`
}

// ParseQuestion decodes and compiles one JSON question. Every problem is
// reported at once, naming the field and the nearest valid names.
func (e *Engine) ParseQuestion(data []byte) (*Question, *QuestionJSON, error) {
	var qj QuestionJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&qj); err != nil {
		return nil, nil, jsonError(data, err)
	}
	if dec.More() {
		return nil, nil, jirga.Errorf(jirga.EINVALID, "invalid question: more than one JSON value")
	}
	var errs []FieldError
	if qj.At == "" {
		errs = append(errs, FieldError{Field: "at", Message: "missing: name the territory, e.g. \"at\": \"" + e.territories[len(e.territories)-1].ID + "\""})
	}
	if qj.Action == "" {
		errs = append(errs, FieldError{Field: "action", Message: "missing: name the action"})
	}
	if len(errs) > 0 {
		return nil, &qj, questionError(errs)
	}
	facts, ferr := e.Facts(qj.Person, qj.Context)
	q, qerr := e.NewQuestion(qj.At, qj.Action, facts)
	switch {
	case ferr != nil && qerr != nil:
		return nil, &qj, jirga.Errorf(jirga.EINVALID, "%s; %s", jirga.ErrorMessage(qerr), strings.TrimPrefix(jirga.ErrorMessage(ferr), "invalid question: "))
	case ferr != nil:
		return nil, &qj, ferr
	case qerr != nil:
		return nil, &qj, qerr
	}
	return q, &qj, nil
}

// jsonError turns a decoding error into one that says where.
func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return jirga.Errorf(jirga.EINVALID, "invalid question: JSON syntax: unexpected end of input")
	case asErr(err, &se):
		return jirga.Errorf(jirga.EINVALID, "invalid question: JSON syntax at byte %d: %v", se.Offset, err)
	case asErr(err, &te):
		return jirga.Errorf(jirga.EINVALID, "invalid question: field %q must be %s, got %s", te.Field, te.Type, te.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return jirga.Errorf(jirga.EINVALID, "invalid question: unknown field %q (a question has id, at, action, person and context)", field)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return jirga.Errorf(jirga.EINVALID, "invalid question: empty")
	}
	return jirga.Errorf(jirga.EINVALID, "invalid question: %v", err)
}

func asErr[T error](err error, target *T) bool {
	e, ok := err.(T)
	if ok {
		*target = e
	}
	return ok
}

// ParseObject decodes a JSON object such as --person's value.
func ParseObject(what string, data []byte) (map[string]any, error) {
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, jirga.Errorf(jirga.EINVALID, "%s must be a JSON object: %v", what, err)
	}
	return m, nil
}

// Describe returns "territory name (id)".
func (e *Engine) Describe(q *Question) string {
	t := e.territories[q.Place]
	return fmt.Sprintf("%s in %s (%s)", e.actions[q.Action].ID, t.Name, t.ID)
}
