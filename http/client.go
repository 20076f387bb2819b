package http

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/ledger"
)

// Client talks to a jirga server's ledger endpoints: what `jirga propose`,
// `jirga vote`, `jirga ledger verify --url` and the load generator use.
// Its errors are *jirga.Error values carrying the server's code and
// message.
type Client struct {
	// URL is the server's base URL, e.g. http://localhost:8080.
	URL string
	// HTTP is the client used; http.DefaultClient when nil.
	HTTP *http.Client
}

// NewClient returns a client of the server at base (a URL such as
// http://localhost:8080).
func NewClient(base string) (*Client, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, jirga.Errorf(jirga.EINVALID, "server URL %q must be http://host:port or https://host:port", base)
	}
	return &Client{URL: strings.TrimSuffix(base, "/"), HTTP: &http.Client{Timeout: 60 * time.Second}}, nil
}

// Signer returns what the delegate with public key key needs to sign.
func (c *Client) Signer(ctx context.Context, key string) (*Signer, error) {
	var s Signer
	return &s, c.do(ctx, http.MethodGet, "/api/delegates/"+url.PathEscape(key), nil, &s)
}

// Submit posts a signed envelope and returns the receipt of its entry.
func (c *Client) Submit(ctx context.Context, s *ledger.Signed) (*Receipt, error) {
	data, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	var r Receipt
	return &r, c.do(ctx, http.MethodPost, "/api/envelopes", data, &r)
}

// Sign signs body with priv, using the server's chain id and the
// delegate's next sequence number, and submits it.
func (c *Client) Sign(ctx context.Context, priv ed25519.PrivateKey, body ledger.Body) (*Receipt, error) {
	pub, ok := priv.Public().(ed25519.PublicKey)
	if !ok {
		return nil, jirga.Errorf(jirga.EINVALID, "not an ed25519 key")
	}
	sg, err := c.Signer(ctx, ledger.EncodeKey(pub))
	if err != nil {
		return nil, err
	}
	env, err := ledger.NewEnvelope(sg.ChainID, sg.Delegate.Key, sg.NextSeq, body)
	if err != nil {
		return nil, err
	}
	signed, err := ledger.Sign(env, priv)
	if err != nil {
		return nil, err
	}
	return c.Submit(ctx, signed)
}

// Ledger returns the server's ledger head.
func (c *Client) Ledger(ctx context.Context) (*LedgerInfo, error) {
	var info LedgerInfo
	return &info, c.do(ctx, http.MethodGet, "/api/ledger", nil, &info)
}

// Verify asks the server to replay its stored chain.
func (c *Client) Verify(ctx context.Context) (*Verification, error) {
	var v Verification
	return &v, c.do(ctx, http.MethodGet, "/api/ledger/verify", nil, &v)
}

// do sends a request and decodes a JSON answer into out, or the error
// body into a *jirga.Error.
func (c *Client) do(ctx context.Context, method, path string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.URL+path, bytes.NewReader(body))
	if err != nil {
		return jirga.Errorf(jirga.EINVALID, "request %s: %v", path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return jirga.Errorf(jirga.EINVALID, "cannot reach the server at %s (is jirga serve running?): %v", c.URL, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return jirga.Errorf(jirga.EINTERNAL, "read the answer of %s: %v", c.URL+path, err)
	}
	if resp.StatusCode >= 300 {
		return responseError(resp.StatusCode, data)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return jirga.Errorf(jirga.EINTERNAL, "the server's answer to %s is not what was expected: %v", path, err)
	}
	return nil
}

// responseError turns an error response back into a *jirga.Error, mapping
// the codes only the HTTP edge has to jirga's own.
func responseError(status int, data []byte) error {
	var er ErrorResponse
	if err := json.Unmarshal(data, &er); err != nil || er.Error.Code == "" {
		return jirga.Errorf(jirga.EINTERNAL, "the server answered %d %s", status, http.StatusText(status))
	}
	code := er.Error.Code
	switch code {
	case EFORBIDDEN:
		code = jirga.EUNAUTHORIZED
	case ETOOLARGE, EMETHODNOTALLOWED:
		code = jirga.EINVALID
	case ETIMEOUT:
		code = jirga.EINTERNAL
	}
	return &jirga.Error{Code: code, Message: fmt.Sprintf("%s (%d)", er.Error.Message, status), Diagnostics: er.Error.Details}
}
