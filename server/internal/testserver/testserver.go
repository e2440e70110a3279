// Package testserver runs the whole server for end-to-end and browser tests: the API, the
// live feed and every page, on a loopback port, over a redis-server of the test's own.
package testserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"luot/config"
	"luot/server/api"
	"luot/server/hub"
	"luot/server/internal/testenv"
	"luot/server/netguard"
	"luot/server/queue"
	"luot/server/store"
	"luot/server/web"
	"luot/server/wiring"
)

// Server is a running server.
type Server struct {
	*testenv.Env
	URL string
	Hub *hub.Hub
	API *api.Server
}

// Start runs the server on the test organisation (testenv.OrgYAML) at Monday 09:00.
func Start(t testing.TB) *Server {
	t.Helper()
	return StartWith(t, testenv.New(t))
}

// StartWith runs the server over an existing engine and Redis.
func StartWith(t testing.TB, env *testenv.Env) *Server {
	t.Helper()
	return StartWithSettings(t, env, nil)
}

// StartWithSettings runs the server over an existing engine and Redis with the test's
// settings changed by edit (nil: none), e.g. trusted proxies or limits.
func StartWithSettings(t testing.TB, env *testenv.Env, edit func(*config.Settings)) *Server {
	t.Helper()
	return start(t, env, edit, nil)
}

// start runs the server over env on a loopback port until the test ends, with the settings
// changed by edit (nil: none) and, when notifier is not nil, remote numbers and appointments.
func start(t testing.TB, env *testenv.Env, edit func(*config.Settings), notifier *wiring.Notifier) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	settings := config.Settings{SessionTTL: time.Hour, PublicURL: url}
	if edit != nil {
		edit(&settings)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	w := wiring.Build(wiring.Parts{Engine: env.Engine, Store: env.Store, Log: log, Settings: settings, Pages: web.Pages(),
		Notifier: notifier})
	ctx, cancel := context.WithCancel(context.Background())
	w.Start(ctx) // the notifier's worker and notices, if any
	w.Feed.Start(ctx)
	go w.App.Listener(netguard.Guard(ln, settings, log)) // the caps of production
	t.Cleanup(func() {
		cancel()
		w.App.ShutdownWithTimeout(2 * time.Second)
		w.Wait()
	})
	return &Server{Env: env, URL: url, Hub: w.Hub, API: w.API}
}

// User creates a user with a password equal to its name plus "-pass" and returns a bearer
// token of a fresh session; the full name is "Cán bộ <name>".
func (s *Server) User(t testing.TB, name string, role queue.Role, sites ...string) string {
	t.Helper()
	return s.UserNamed(t, name, "Cán bộ "+name, role, sites...)
}

// UserNamed is User with a full name of the test's choice (a real person's, for pages whose
// every word is checked).
func (s *Server) UserNamed(t testing.TB, name, fullName string, role queue.Role, sites ...string) string {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(name+"-pass"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if sites == nil {
		sites = []string{}
	}
	if err := s.Store.PutUser(context.Background(), store.User{Username: name, FullName: fullName, Role: role, Sites: sites, Hash: string(hash)}); err != nil {
		t.Fatal(err)
	}
	var res struct{ Token string }
	s.Do(t, "", "POST", "/api/v1/auth/login", map[string]string{"username": name, "password": name + "-pass"}, 200, &res)
	return res.Token
}

// Device registers a device (kind kiosk, display or rating) and returns its token.
func (s *Server) Device(t testing.TB, site, kind, counter string) string {
	t.Helper()
	admin := s.User(t, "admin-"+kind+site+counter, queue.RoleAdmin)
	var res struct{ Token string }
	s.Do(t, admin, "POST", "/api/v1/admin/devices", map[string]string{"site": site, "kind": kind, "counter": counter, "name": kind + " " + site}, 201, &res)
	return res.Token
}

// Do sends a JSON request with a bearer token (or none), checks the status and decodes the
// answer into out (unless nil).
func (s *Server) Do(t testing.TB, token, method, path string, body any, want int, out any) {
	t.Helper()
	status, _, data := s.request(t, token, method, path, body, true)
	if status != want {
		t.Fatalf("%s %s: got %d %s, want %d", method, path, status, data, want)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: decode %s: %v", method, path, data, err)
		}
	}
}

// Send sends a request (a JSON body unless nil) with a bearer token (or none) and returns the
// status, the headers and the body, whatever the status.
func (s *Server) Send(t testing.TB, token, method, path string, body any) (int, http.Header, []byte) {
	t.Helper()
	return s.request(t, token, method, path, body, body != nil)
}

// request sends a request, marked as JSON when asJSON, and reads the whole answer.
func (s *Server) request(t testing.TB, token, method, path string, body any, asJSON bool) (int, http.Header, []byte) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if asJSON {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read the answer: %v", method, path, err)
	}
	return res.StatusCode, res.Header, data
}

// Path is a formatted path.
func Path(format string, args ...any) string { return fmt.Sprintf(format, args...) }
