package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/jirga/jirga"
)

// unmarshalStrict decodes exactly one JSON value from data into v,
// refusing unknown fields. Its errors are EINVALID and say what was being
// read and where the problem is.
func unmarshalStrict(what string, data []byte, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return jirga.Errorf(jirga.EINVALID, "invalid %s: the request body is empty; send a JSON object", what)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(what, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return jirga.Errorf(jirga.EINVALID, "invalid %s: more than one JSON value", what)
	}
	return nil
}

// jsonError turns a decoding error into an EINVALID error that says where.
func jsonError(what string, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return jirga.Errorf(jirga.EINVALID, "invalid %s: JSON syntax: unexpected end of input", what)
	case errors.As(err, &se):
		return jirga.Errorf(jirga.EINVALID, "invalid %s: JSON syntax at byte %d: %v", what, se.Offset, err)
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			return jirga.Errorf(jirga.EINVALID, "invalid %s: must be %s, got %s", what, te.Type, te.Value)
		}
		return jirga.Errorf(jirga.EINVALID, "invalid %s: field %q must be %s, got %s", what, field, te.Type, te.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return jirga.Errorf(jirga.EINVALID, "invalid %s: unknown field %s", what, strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return jirga.Errorf(jirga.EINVALID, "invalid %s: %v", what, err)
}
