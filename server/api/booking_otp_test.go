package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"luot/config"
	"luot/server/internal/testenv"
	"luot/server/queue"
)

func TestOTPAndRemoteNumber(t *testing.T) {
	h := newBookingHarness(t, nil)
	for _, p := range []string{"12345", "0801234", "+8490123456", "090123456a", ""} {
		h.do(t, req{method: "POST", path: "/api/v1/otp", body: map[string]string{"phone": p}}).wantError(t, 400, "bad_phone")
	}
	// a wrong code, then the right one once: used up
	code := h.code(t, "0901234567")
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	body := map[string]string{"service": "dat-dai", "channel": "online", "phone": "+84901234567", "code": wrong}
	h.do(t, req{method: "POST", path: "/api/v1/sites/centre/tickets", body: body}).wantError(t, 400, "bad_code")
	body["code"] = code
	r := h.do(t, req{method: "POST", path: "/api/v1/sites/centre/tickets", body: body}).want(t, 201)
	var tk struct {
		ticket
		Channel string `json:"channel"`
		Ahead   *int   `json:"ahead"`
	}
	r.decode(t, &tk)
	if tk.Channel != "online" || tk.Number != "A001" || tk.Status != "waiting" || tk.Ahead == nil || *tk.Ahead != 0 {
		t.Errorf("remote number: got %s, want A001 waiting, channel online, none ahead", r.body)
	}
	h.do(t, req{method: "POST", path: "/api/v1/sites/centre/tickets", body: body}).wantError(t, 400, "bad_code")

	// limits across channels: one a service, two a day, also at another site
	h.remote(t, "centre", "dat-dai", "0901234567").wantError(t, 409, "limit_reached")
	h.remote(t, "point", "ho-tich", "0901234567").want(t, 201)
	h.remote(t, "centre", "doanh-nghiep", "0912345678").want(t, 201)
	h.bookings.OTP.Phone = 10
	h.remote(t, "centre", "doanh-nghiep", "0901234567").wantError(t, 409, "limit_reached")
	// a refused number gives nothing away: another person still gets one
	h.remote(t, "centre", "dat-dai", "0987654321").want(t, 201)
}

func TestOTPBurnsAfterFiveWrongTries(t *testing.T) {
	h := newBookingHarness(t, nil)
	code := h.code(t, "0901234567")
	body := map[string]string{"service": "dat-dai", "channel": "online", "phone": "0901234567"}
	take := func(c string) *resp {
		body["code"] = c
		return h.do(t, req{method: "POST", path: "/api/v1/sites/centre/tickets", body: body})
	}
	// wrong tries one after the other from candidates (skipping the real code) until tried reaches upTo
	tried := 0
	wrong := func(candidates []string, upTo int) {
		for _, c := range candidates {
			if c == code || tried == upTo {
				continue
			}
			take(c).wantError(t, 400, "bad_code")
			tried++
		}
	}
	wrong([]string{"000000", "111111", "222222", "333333", "444444", "555555", "666666"}, 5)
	take(code).wantError(t, 400, "bad_code")
	// four wrong tries leave the code usable
	code = h.code(t, "0901234567")
	wrong([]string{"000000", "111111", "222222", "333333", "444444", "555555"}[:5], 9)
	take(code).want(t, 201)
}

func TestOTPExpiresAfterFiveMinutes(t *testing.T) {
	h := newBookingHarness(t, nil)
	code := h.code(t, "0901234567")
	// the code's record lives five minutes in Redis; expired (as Redis expires it), it is refused
	key := "luot:{otp}:c:" + queue.PersonHash("phone", "0901234567")
	ttl, err := h.env.Redis.Client().TTL(context.Background(), key).Result()
	if err != nil || ttl <= 290*time.Second || ttl > 300*time.Second {
		t.Fatalf("the code lives %v (%v), want 5 minutes", ttl, err)
	}
	if err := h.env.Redis.Client().Del(context.Background(), key).Err(); err != nil {
		t.Fatal(err)
	}
	h.do(t, req{method: "POST", path: "/api/v1/sites/centre/tickets", body: map[string]string{
		"service": "dat-dai", "channel": "online", "phone": "0901234567", "code": code}}).wantError(t, 400, "bad_code")
}

func TestOTPRateLimited(t *testing.T) {
	h := newBookingHarness(t, nil)
	for range 3 {
		h.code(t, "0901234567")
	}
	r := h.do(t, req{method: "POST", path: "/api/v1/otp", body: map[string]string{"phone": "0901234567"}})
	r.wantError(t, 429, "rate_limited")
	if r.header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	// per address: other phones from the same address, past the address's limit
	h.bookings.OTP.Addr = 5
	for i := range 2 {
		h.code(t, "09123456"+string(rune('0'+i))+"0")
	}
	h.do(t, req{method: "POST", path: "/api/v1/otp", body: map[string]string{"phone": "0933333333"}}).wantError(t, 429, "rate_limited")
}

func TestRemoteNumberOutsideOnlineHours(t *testing.T) {
	h := newBookingHarness(t, nil)
	code := h.code(t, "0901234567")
	h.env.Clock.Advance(7*time.Hour + 30*time.Minute) // Monday 16:30: open, but not online
	h.do(t, req{method: "POST", path: "/api/v1/sites/centre/tickets", body: map[string]string{
		"service": "dat-dai", "channel": "online", "phone": "0901234567", "code": code}}).wantError(t, 409, "outside_online_hours")
}

// TestOnlineOnlyExceptPriority: a site set to online_only refuses the kiosk's ordinary
// tickets (409 online_only) and keeps its priority tickets, remote numbers and staff.
func TestOnlineOnlyExceptPriority(t *testing.T) {
	org, err := config.Parse([]byte(strings.Replace(testenv.OrgYAML, "    quota: {doanh-nghiep: 5}\n",
		"    quota: {doanh-nghiep: 5}\n    booking: {online_only: true}\n", 1)), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	h := newBookingHarness(t, org)
	admin := h.user(t, "quantri", queue.RoleAdmin)
	_, kiosk := h.device(t, admin, "centre", "kiosk", "")
	h.do(t, req{method: "POST", path: "/api/v1/sites/centre/tickets", token: kiosk, body: map[string]string{"service": "dat-dai"}}).wantError(t, 409, "online_only")
	h.do(t, req{method: "POST", path: "/api/v1/sites/centre/tickets", token: kiosk, body: map[string]string{"service": "dat-dai", "priority": "elderly"}}).want(t, 201)
	h.remote(t, "centre", "dat-dai", "0901234567").want(t, 201)
	h.issue(t, admin, "centre", "dat-dai")
	_, pointKiosk := h.device(t, admin, "point", "kiosk", "")
	h.issue(t, pointKiosk, "point", "ho-tich") // another site is not concerned
}
