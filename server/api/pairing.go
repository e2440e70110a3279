package api

import (
	"regexp"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

// Pairing by a short code: the admin page shows a 6-digit code with the pairing address, and
// the device's pairing screen takes it on a digit pad (a TV has a remote, not a keyboard).
// A code lives 10 minutes and pairs once; attempts are bounded per address and in all, so a
// code (one of a million) cannot be guessed in its lifetime: at most pairAttemptsAll a window
// in all, that is a chance of about one in ten thousand per live code.
const (
	pairCodeTTL      = 10 * time.Minute
	pairWindow       = 10 * time.Minute
	pairAttemptsAddr = 10
	pairAttemptsAll  = 100
)

var pairCodePattern = regexp.MustCompile(`^[0-9]{6}$`)

// pairCode is a live pairing code as the admin page shows it.
type pairCode struct {
	Code      string    `json:"code"`
	ExpiresAt time.Time `json:"expires_at"`
	ExpiresIn int       `json:"expires_in"` // seconds
}

// newCode gives a device a fresh pairing code; its earlier one stops working.
func (s *Server) newCode(c *fiber.Ctx, device string) (*pairCode, error) {
	code, err := s.Store.NewPairCode(c.UserContext(), device, pairCodeTTL)
	if err != nil {
		return nil, err
	}
	return &pairCode{Code: code, ExpiresAt: s.Engine.Now().Add(pairCodeTTL), ExpiresIn: int(pairCodeTTL / time.Second)}, nil
}

// devicePairCode answers POST /api/v1/admin/devices/{id}/pair-code → 201 {code, expires_at,
// expires_in}: a new code for an existing device (a TV that was reset, a kiosk replaced), for
// those who oversee its site.
func (s *Server) devicePairCode(c *fiber.Ctx) error {
	a := actor(c)
	d, err := s.accounts.Device(c.UserContext(), a, c.Params("id"))
	if err != nil {
		return err
	}
	code, err := s.newCode(c, d.ID)
	if err != nil {
		return err
	}
	s.Log.Info("pairing code made", "device", d.ID, "site", d.Site, "by", a.ID())
	return c.Status(fiber.StatusCreated).JSON(code)
}

// pairRequest is the body of POST /api/v1/devices/pair.
type pairRequest struct {
	Code string `json:"code"`
	Kind string `json:"kind"` // the page's kind of device: a display's code does not pair a kiosk
}

// pairDevice answers POST /api/v1/devices/pair {code, kind} → 200 {token, device}: the device
// a live code names gets a new token (the earlier one stops working), and the code is burnt.
// 400 for a wrong or expired code or one of another kind of device; 429 with Retry-After past
// the attempts of an address or of everyone in the window.
func (s *Server) pairDevice(c *fiber.Ctx) error {
	var req pairRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	code := strings.NewReplacer(" ", "", "-", "").Replace(req.Code)
	if !pairCodePattern.MatchString(code) {
		return bad("bad_pair_code", "code: six digits")
	}
	switch req.Kind {
	case queue.DeviceKiosk, queue.DeviceDisplay, queue.DeviceRating:
	default:
		return bad("bad_kind", "kind: kiosk, display or rating")
	}
	token, addr := newDeviceToken(), s.clientIP(c).String()
	d, wait, err := s.Store.Pair(c.UserContext(), code, req.Kind, addr, token,
		queue.PairLimits{Window: pairWindow, Addr: pairAttemptsAddr, All: pairAttemptsAll})
	if err != nil {
		return err
	}
	if wait > 0 {
		s.Log.Warn("pairing attempts past the limit", "addr", addr)
		return queue.Later(queue.Fail("pair_attempts", "too many pairing attempts"), wait)
	}
	s.Log.Info("device paired by code", "id", d.ID, "site", d.Site, "kind", d.Kind, "addr", addr)
	return c.JSON(fiber.Map{"token": token, "device": d})
}

// newDeviceToken is a device's bearer token: 256 random bits.
func newDeviceToken() string { return "d_" + randomToken(32) }
