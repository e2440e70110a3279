package api

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/crypto/bcrypt"

	"luot/server/queue"
)

// sessionCookie holds a page's session token; it is HttpOnly and SameSite=Strict, and every
// state-changing request from it also needs the X-CSRF-Token header.
const sessionCookie = "luot_session"

// loginLimits are the login attempts allowed in 15 minutes: 5 of one address at one username
// (so that one address cannot lock an officer out for everyone), 30 of one address at any,
// 50 at one username from anywhere. A successful login gives its attempt back.
var loginLimits = queue.LoginLimits{Window: 15 * time.Minute, AddrUser: 5, Addr: 30, User: 50}

// dummyHash is compared against when the user does not exist, so that a wrong username
// costs as much time as a wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("luot-no-such-user"), bcrypt.DefaultCost)

type principal struct {
	actor  queue.Actor
	user   *queue.User
	device *queue.Device
	csrf   string
	token  string
	cookie bool
}

// authenticate resolves the bearer token or session cookie into the request's actor.
func (s *Server) authenticate(c *fiber.Ctx) error {
	p := &principal{}
	c.Locals("principal", p)
	token, fromCookie, err := bearer(c)
	if err != nil || token == "" {
		if err == nil {
			return c.Next()
		}
		return err
	}
	res, err := s.Store.Resolve(c.UserContext(), token)
	switch {
	case errors.Is(err, queue.ErrUnauthorized):
		if fromCookie {
			c.ClearCookie(sessionCookie)
			return c.Next() // a stale page cookie on a public read is no error
		}
		return queue.Fail("session_expired", "unknown or expired token")
	case err != nil:
		return err
	}
	p.take(res, token, fromCookie)
	if fromCookie && !safeMethod(c.Method()) && !strings.HasSuffix(c.Path(), "/auth/login") {
		if subtle.ConstantTimeCompare([]byte(c.Get("X-CSRF-Token")), []byte(p.csrf)) != 1 {
			return queue.Fail("csrf", "missing or wrong X-CSRF-Token")
		}
	}
	return c.Next()
}

// bearer reads the request's token: the Authorization header's, else the session cookie's
// (fromCookie); "" for none.
func bearer(c *fiber.Ctx) (token string, fromCookie bool, err error) {
	if h := c.Get(fiber.HeaderAuthorization); h != "" {
		scheme, tok, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
			return "", false, queue.Fail("bad_auth", "Authorization must be Bearer <token>")
		}
		token = strings.TrimSpace(tok)
	} else if ck := c.Cookies(sessionCookie); ck != "" {
		token, fromCookie = ck, true
	}
	if len(token) > 200 {
		return "", false, queue.Fail("session_expired", "unknown token")
	}
	return token, fromCookie, nil
}

// take makes p the principal the store resolved the token to: a user's session or a device.
func (p *principal) take(res *queue.Principal, token string, fromCookie bool) {
	p.token, p.cookie = token, fromCookie
	if u := res.User; u != nil {
		p.user, p.csrf = u, res.CSRF
		p.actor = queue.Actor{User: u.Username, Role: u.Role, Sites: u.Sites}
	} else if d := res.Device; d != nil {
		p.device = d
		p.actor = queue.Actor{Device: d.ID, DeviceKind: d.Kind, Site: d.Site, Counter: d.Counter}
	}
}

func safeMethod(m string) bool {
	return m == fiber.MethodGet || m == fiber.MethodHead || m == fiber.MethodOptions
}

func who(c *fiber.Ctx) *principal {
	p, _ := c.Locals("principal").(*principal)
	if p == nil {
		return &principal{}
	}
	return p
}

func actor(c *fiber.Ctx) queue.Actor { return who(c).actor }

// randomToken returns n random bytes, base64url.
func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

func (s *Server) login(c *fiber.Ctx) error {
	if !isJSON(c) {
		return queue.ErrNotJSON
	}
	var req loginRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	name := strings.ToLower(strings.TrimSpace(req.Username))
	if name == "" || req.Password == "" || len(name) > 64 || len(req.Password) > 128 {
		return bad("missing_credentials", "username and password are required")
	}
	ctx := c.UserContext()
	addr := s.clientIP(c).String()
	u, err := s.checkPassword(ctx, addr, name, req.Password)
	if err != nil {
		return err
	}
	token, csrf := "s_"+randomToken(32), randomToken(24)
	if err := s.Store.NewSession(ctx, token, u, csrf, s.Settings.SessionTTL); err != nil {
		return err
	}
	c.Cookie(&fiber.Cookie{
		Name: sessionCookie, Value: token, Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteStrictMode,
		Secure: strings.HasPrefix(s.Settings.PublicURL, "https://"), MaxAge: int(s.Settings.SessionTTL / time.Second),
	})
	s.Log.Info("login", "username", u.Username, "ip", addr)
	return c.JSON(fiber.Map{"token": token, "csrf_token": csrf, "user": u})
}

// checkPassword counts a login attempt and checks the password: the user, or a refusal that
// says nothing of whether the name exists (the same bcrypt cost either way).
func (s *Server) checkPassword(ctx context.Context, addr, name, password string) (*queue.User, error) {
	// counted before the compare, atomically: concurrent guesses past the limit cost nothing
	wait, err := s.Store.LoginAttempt(ctx, addr, name, loginLimits)
	if err != nil {
		return nil, err
	}
	if wait > 0 {
		return nil, queue.Later(queue.ErrRateLimited, wait)
	}
	u, err := s.Store.User(ctx, name)
	if err != nil && !errors.Is(err, queue.ErrNotFound) {
		return nil, err
	}
	hash := dummyHash
	if u != nil {
		hash = []byte(u.Hash)
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil || u == nil || u.Disabled {
		s.Log.Info("login failed", "username", name, "ip", addr)
		return nil, queue.Fail("bad_credentials", "wrong username or password")
	}
	return u, s.Store.LoginSucceeded(ctx, addr, name)
}

// isJSON reports whether the request's body is declared JSON (parameters such as charset aside).
func isJSON(c *fiber.Ctx) bool {
	mt, _, _ := strings.Cut(c.Get(fiber.HeaderContentType), ";")
	return strings.EqualFold(strings.TrimSpace(mt), fiber.MIMEApplicationJSON)
}

func (s *Server) logout(c *fiber.Ctx) error {
	p := who(c)
	if p.user == nil {
		return queue.ErrUnauthorized
	}
	if err := s.Store.DeleteSession(c.UserContext(), p.token); err != nil {
		return err
	}
	c.ClearCookie(sessionCookie)
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) me(c *fiber.Ctx) error {
	p := who(c)
	if p.user == nil {
		return queue.ErrUnauthorized
	}
	return c.JSON(fiber.Map{"user": p.user, "csrf_token": p.csrf})
}

// deviceMe tells a paired page which device it is (kiosk, display, rating panel).
func (s *Server) deviceMe(c *fiber.Ctx) error {
	p := who(c)
	if p.device == nil {
		return queue.ErrUnauthorized
	}
	return c.JSON(p.device)
}
