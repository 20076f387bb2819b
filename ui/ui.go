package ui

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Config is what the UI shows and where it reads it.
type Config struct {
	// Charter and Engine are the charter the UI shows and its engine;
	// Engine is built from Charter when nil. Either these or State are
	// required.
	Charter *charter.Charter
	Engine  *engine.Engine
	// State, when set, returns the charter and engine in force now: laws
	// enacted through the ledger change them. It is called once per
	// request and overrides Charter and Engine, which serve while it
	// returns nil (a ledger without a genesis yet); the UI rebuilds what
	// it derives from a charter whenever the pointer it returns changes.
	State func() (*charter.Charter, *engine.Engine)
	// Files is the charter's directory (os.DirFS(dir), or
	// examples.Afghanistan()); the map is drawn from BoundariesFile in it.
	// Without the file (or without Files) the pages show no map.
	Files fs.FS
	// Ledger is the governance ledger; nil shows empty proposal and ledger
	// pages that say the server keeps no ledger. When it also implements
	// Voter, proposal pages let delegates sign votes in the browser.
	Ledger Ledger
	// Lang picks the language of the pages (see Languages); "" is English.
	Lang string
	// Logger receives internal errors; slog.Default() when nil.
	Logger *slog.Logger
}

// Handler serves the web UI. It is safe for concurrent use.
type Handler struct {
	cfg    Config
	logger *slog.Logger
	locale *Locale
	geo    *Geography
	pages  map[string]*template.Template
	mux    *http.ServeMux
	assets map[string]asset
	// css and js are the stylesheet's and script's URLs, with a content
	// hash so that browsers may cache them for good.
	css, js string

	state atomic.Pointer[state]
	mu    sync.Mutex // serialises rebuilding state
	bufs  sync.Pool
}

var _ http.Handler = (*Handler)(nil)

type asset struct {
	data        []byte
	contentType string
}

// New builds the UI's handler. It fails with an EINVALID error when cfg has
// neither a charter nor State, or when the boundaries file is not a valid
// GeoJSON FeatureCollection.
func New(cfg Config) (*Handler, error) {
	if cfg.Charter == nil && cfg.State == nil {
		return nil, jirga.Errorf(jirga.EINVALID, "ui: a handler needs a charter (Config.Charter or Config.State)")
	}
	if cfg.Charter != nil && cfg.Engine == nil {
		e, err := engine.New(cfg.Charter)
		if err != nil {
			return nil, fmt.Errorf("ui: compile charter: %w", err)
		}
		cfg.Engine = e
	}
	if cfg.Ledger == nil {
		cfg.Ledger = noLedger{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	loc, err := LocaleFor(cfg.Lang)
	if err != nil {
		return nil, err
	}
	h := &Handler{cfg: cfg, logger: cfg.Logger, locale: loc, mux: http.NewServeMux()}
	h.bufs.New = func() any { return new(bytes.Buffer) }
	if cfg.Files != nil {
		data, err := fs.ReadFile(cfg.Files, BoundariesFile)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, jirga.Errorf(jirga.EINVALID, "ui: read %s: %v", BoundariesFile, err)
		default:
			if h.geo, err = ParseBoundaries(BoundariesFile, data); err != nil {
				return nil, err
			}
		}
	}
	if err := h.loadAssets(); err != nil {
		return nil, err
	}
	if err := h.parseTemplates(); err != nil {
		return nil, err
	}
	h.routes()
	return h, nil
}

// routes registers every page.
func (h *Handler) routes() {
	h.mux.HandleFunc("GET /{$}", h.page(h.overview))
	h.mux.HandleFunc("GET /territories/{id}", h.page(h.territory))
	h.mux.HandleFunc("GET /competences", h.page(h.competences))
	h.mux.HandleFunc("GET /ask", h.page(h.ask))
	h.mux.HandleFunc("GET /where", h.page(h.where))
	h.mux.HandleFunc("GET /bodies", h.page(h.bodies))
	h.mux.HandleFunc("GET /bodies/{id}", h.page(h.body))
	h.mux.HandleFunc("GET /proposals", h.page(h.proposals))
	h.mux.HandleFunc("GET /proposals/{id}", h.page(h.proposal))
	h.mux.HandleFunc("GET /proposals/{id}/signer", h.signer)
	h.mux.HandleFunc("POST /proposals/{id}/votes", h.submitVote)
	h.mux.HandleFunc("GET /ledger", h.page(h.ledger))
	h.mux.HandleFunc("GET /static/{file}", h.static)
	h.mux.HandleFunc("/", h.page(func(r *http.Request, st *state) (*view, error) {
		return nil, jirga.Errorf(jirga.ENOTFOUND, "there is no page at %s", r.URL.Path)
	}))
}

// ServeHTTP serves the UI's pages.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// loadAssets reads the stylesheet and script and names them by content.
func (h *Handler) loadAssets() error {
	h.assets = map[string]asset{}
	for _, f := range []struct{ name, ctype string }{{"style.css", "text/css; charset=utf-8"}, {"app.js", "text/javascript; charset=utf-8"}} {
		data, err := staticFiles.ReadFile("static/" + f.name)
		if err != nil {
			return fmt.Errorf("ui: embedded %s: %w", f.name, err)
		}
		sum := sha256.Sum256(data)
		h.assets[f.name] = asset{data: data, contentType: f.ctype}
		url := "/static/" + f.name + "?v=" + hex.EncodeToString(sum[:6])
		if f.name == "style.css" {
			h.css = url
		} else {
			h.js = url
		}
	}
	return nil
}

// static serves the stylesheet and the script.
func (h *Handler) static(w http.ResponseWriter, r *http.Request) {
	a, ok := h.assets[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(a.data)))
	if r.URL.Query().Get("v") != "" {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Write(a.data)
}

// pageNames lists every page template; each defines "content" inside the
// layout.
var pageNames = []string{"overview", "territory", "competences", "ask", "where", "bodies", "body", "proposals", "proposal", "ledger", "error"}

func (h *Handler) parseTemplates() error {
	base, err := template.New("layout.html").Funcs(templateFuncs).ParseFS(templateFiles, "templates/layout.html", "templates/parts.html")
	if err != nil {
		return fmt.Errorf("ui: templates: %w", err)
	}
	h.pages = make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		t, err := base.Clone()
		if err == nil {
			t, err = t.ParseFS(templateFiles, "templates/"+name+".html")
		}
		if err != nil {
			return fmt.Errorf("ui: template %s: %w", name, err)
		}
		h.pages[name] = t
	}
	return nil
}

// view is what a page handler returns: the template to render and its
// data.
type view struct {
	Template string
	Title    string
	// Nav names the navigation entry of the page.
	Nav    string
	Status int
	Data   any
}

// pageData is the root of every page's template data.
type pageData struct {
	L       *Locale
	Title   string
	Nav     string
	CSS, JS string
	Charter *charter.Charter
	Data    any
}

// page wraps a page handler: it resolves the current state, renders the
// view into a buffer and writes it, or an error page.
func (h *Handler) page(fn func(*http.Request, *state) (*view, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		st, err := h.current()
		var v *view
		if err == nil {
			v, err = fn(r, st)
		}
		if err != nil {
			v = h.errorView(r, err)
		}
		var c *charter.Charter
		if st != nil {
			c = st.charter
		}
		h.render(w, r, v, c)
	}
}

// errorView turns an error into an error page; only *jirga.Error messages
// reach the user.
func (h *Handler) errorView(r *http.Request, err error) *view {
	status := statusOf(err)
	if status == http.StatusInternalServerError {
		h.logger.Error("ui", slog.String("path", r.URL.Path), slog.String("error", err.Error()))
	}
	title := h.locale.T("error.title")
	if status == http.StatusNotFound {
		title = h.locale.T("error.notfound")
	}
	return &view{Template: "error", Title: title, Status: status, Data: jirga.ErrorMessage(err)}
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, v *view, c *charter.Charter) {
	buf := h.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer h.bufs.Put(buf)
	t := h.pages[v.Template]
	data := &pageData{L: h.locale, Title: v.Title, Nav: v.Nav, CSS: h.css, JS: h.js, Charter: c, Data: v.Data}
	if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
		h.logger.Error("ui: render", slog.String("page", v.Template), slog.String("error", err.Error()))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	status := v.Status
	if status == 0 {
		status = http.StatusOK
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Content-Length", strconv.Itoa(buf.Len()))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// statusOf derives an HTTP status from an error's code.
func statusOf(err error) int {
	switch jirga.ErrorCode(err) {
	case jirga.EINVALID:
		return http.StatusBadRequest
	case jirga.ENOTFOUND:
		return http.StatusNotFound
	case jirga.ECONFLICT:
		return http.StatusConflict
	case jirga.EUNAUTHORIZED:
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}
