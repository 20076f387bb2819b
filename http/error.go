package http

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/jirga/jirga"
)

// Error codes the HTTP edge adds to jirga's own (jirga.EINVALID and the
// rest), for failures that only exist on the wire. Like jirga's, they are
// stable: clients may switch on them.
const (
	ETOOLARGE         = "too_large"          // 413: the body exceeds the limit
	EMETHODNOTALLOWED = "method_not_allowed" // 405: the path exists, the method does not
	ETIMEOUT          = "timeout"            // 503: the request ran out of time
	EFORBIDDEN        = "forbidden"          // 403: authenticated, but not entitled
)

// ErrorResponse is the body of every error the API returns:
// {"error":{"code":...,"message":...,"details":[...]}}.
type ErrorResponse struct {
	Error ErrorBody `json:"error"`
}

// ErrorBody is a stable code, a message for people and, for input errors,
// the problems found, each with where it is.
type ErrorBody struct {
	Code    string             `json:"code"`
	Message string             `json:"message"`
	Details []jirga.Diagnostic `json:"details,omitempty"`
}

// statuses maps each error code to its HTTP status: the one place where
// jirga's codes become statuses.
var statuses = map[string]int{
	jirga.EINVALID:      http.StatusBadRequest,
	jirga.ENOTFOUND:     http.StatusNotFound,
	jirga.ECONFLICT:     http.StatusConflict,
	jirga.EUNAUTHORIZED: http.StatusUnauthorized,
	EFORBIDDEN:          http.StatusForbidden,
	jirga.EINTERNAL:     http.StatusInternalServerError,
	ETOOLARGE:           http.StatusRequestEntityTooLarge,
	EMETHODNOTALLOWED:   http.StatusMethodNotAllowed,
	ETIMEOUT:            http.StatusServiceUnavailable,
}

// Status returns the HTTP status of an error code; unknown codes are 500.
func Status(code string) int {
	if s, ok := statuses[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// errorBody translates err for the wire. A *jirga.Error keeps its code,
// message and diagnostics; a body over the size limit is ETOOLARGE; any
// other error is internal and its text is not shown.
func errorBody(err error) ErrorBody {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return ErrorBody{Code: ETOOLARGE, Message: tooLarge(mbe.Limit)}
	}
	var je *jirga.Error
	if errors.As(err, &je) {
		return ErrorBody{Code: je.Code, Message: je.Message, Details: je.Diagnostics}
	}
	return ErrorBody{Code: jirga.EINTERNAL, Message: "internal error"}
}

// Error writes err as a JSON error response with the status its code maps
// to. Internal errors are logged with their full text, which the client
// never sees.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	body := errorBody(err)
	status := Status(body.Code)
	if status >= http.StatusInternalServerError && body.Code == jirga.EINTERNAL {
		s.logger.LogAttrs(r.Context(), slog.LevelError, "internal error",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("error", err.Error()))
	}
	if rw, ok := w.(*responseWriter); ok {
		rw.errCode, rw.errMessage = body.Code, body.Message
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Signature realm="jirga"`)
	}
	writeJSON(w, status, ErrorResponse{Error: body})
}
