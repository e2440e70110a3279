package loadgen

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/valyala/fasthttp"
)

// ErrNotLoopback refuses a target that is not this machine: the load generator is a
// benchmark tool, never a way to flood someone else's server.
var ErrNotLoopback = errors.New("not a loopback address")

// CheckLoopback parses a target URL and accepts it only when its host is 127.0.0.1, ::1 or
// localhost (and localhost resolves to loopback addresses only).
func CheckLoopback(ctx context.Context, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("-url %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("-url %q: the scheme must be http or https", raw)
	}
	if u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("-url %q: give the server's base address only (http://127.0.0.1:8080)", raw)
	}
	switch host := strings.ToLower(u.Hostname()); host {
	case "127.0.0.1", "::1":
	case "localhost":
		addrs, err := net.DefaultResolver.LookupIPAddr(ctx, host)
		if err != nil {
			return nil, fmt.Errorf("-url %q: resolve localhost: %w", raw, err)
		}
		for _, a := range addrs {
			if !a.IP.IsLoopback() {
				return nil, fmt.Errorf("-url %q: localhost resolves to %s: %w", raw, a.IP, ErrNotLoopback)
			}
		}
	default:
		return nil, fmt.Errorf("-url %q: host %q is %w (only 127.0.0.1, ::1 or localhost)", raw, u.Hostname(), ErrNotLoopback)
	}
	u.Path = ""
	return u, nil
}

// client sends the requests: fasthttp (already under fiber) costs the client little CPU, which
// matters when the load generator, the server and Redis share a small machine.
type client struct {
	base    string
	hc      *fasthttp.Client
	timeout time.Duration
}

// runClient is the client of a run to the server at raw, loopback only (CheckLoopback), with
// room for the run's workers and the setup requests beside them; base is the server's address
// as the report names it.
func runClient(ctx context.Context, raw string, workers int, timeout time.Duration) (c *client, base string, err error) {
	u, err := CheckLoopback(ctx, raw)
	if err != nil {
		return nil, "", err
	}
	return newClient(u, workers+8, timeout), u.String(), nil
}

func newClient(base *url.URL, conns int, timeout time.Duration) *client {
	return &client{
		base: strings.TrimRight(base.String(), "/"),
		hc: &fasthttp.Client{
			Name:                "luot-loadgen",
			MaxConnsPerHost:     conns,
			MaxIdleConnDuration: time.Minute,
			ReadTimeout:         timeout,
			WriteTimeout:        timeout,
			// No retry by fasthttp: it sends a POST again when the connection closes before
			// the answer's first byte, also when the server had already done it — a ticket
			// issued or called that no answer names, which a measuring tool must not cause.
			// do retries what is safe to retry.
			MaxIdemponentCallAttempts: 1,
		},
		timeout: timeout,
	}
}

// do sends one request and returns the status and a copy of the body. body nil sends none.
func (c *client) do(method, path, token string, body []byte) (int, []byte, error) {
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.SetRequestURI(c.base + path)
	req.Header.SetMethod(method)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.SetContentType("application/json")
		req.SetBodyRaw(body)
	}
	err := c.hc.DoTimeout(req, resp, c.timeout)
	for try := 1; try < 3 && method == "GET" && errors.Is(err, fasthttp.ErrConnectionClosed); try++ {
		err = c.hc.DoTimeout(req, resp, c.timeout) // a read: sending it again changes nothing
	}
	if err != nil {
		return 0, nil, err
	}
	return resp.StatusCode(), append([]byte(nil), resp.Body()...), nil
}

// call sends a setup request with a JSON body (nil: none), wants the given status and decodes
// the answer into out (nil: ignored).
func (c *client) call(method, path, token string, in any, want int, out any) error {
	var body []byte
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = b
	}
	status, resp, err := c.do(method, path, token, body)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if status != want {
		return fmt.Errorf("%s %s: %d %s", method, path, status, errorText(resp))
	}
	if out != nil {
		if err := json.Unmarshal(resp, out); err != nil {
			return fmt.Errorf("%s %s: decode the answer: %w", method, path, err)
		}
	}
	return nil
}

// errorCode is the code of an error body of api.md, {"error": {"code", "message"}}, or "".
func errorCode(body []byte) string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	return e.Error.Code
}

// errorText is an error body for a message: its code and message, or its first bytes.
func errorText(body []byte) string {
	var e struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) == nil && e.Error.Code != "" {
		return e.Error.Code + ": " + e.Error.Message
	}
	s := strings.TrimSpace(string(body))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
