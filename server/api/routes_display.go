package api

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"luot/config"
	"luot/server/queue"
	"luot/server/voice"
)

// voiceBase is where the clips of the voice are served (assets/voice/vi).
const voiceBase = "/assets/voice/vi/"

// voiceAnswer is what a display plays for one call: the chime, then the sentence once
// (repeat), then Again; the display says Short instead when calls crowd (display/voice.js).
type voiceAnswer struct {
	voice.Call
	Chime   string `json:"chime"`
	Repeat  int    `json:"repeat"`
	Base    string `json:"base"`
	Ext     string `json:"ext"`
	Reading string `json:"reading"`
}

// voiceCall answers GET /api/v1/voice?number=A023&counter=5&site=ttpvhcc: the words of the
// call in the organisation's wording and dialect and the site's number reading (the
// organisation's without site), and the clip files that say them; with for=ticket, the
// kiosk's sentence of a ticket just issued instead (voice.TicketWording, no counter).
func (s *Server) voiceCall(c *fiber.Ctx) error {
	org := s.Engine.Org()
	wording := org.Announcement
	switch c.Query("for") {
	case "":
	case "ticket": // the kiosk saying the number it issued (voice.TicketWording)
		wording = voice.TicketWording
	default:
		return bad("bad_for", "for: want ticket, or nothing for a call")
	}
	number := strings.TrimSpace(c.Query("number"))
	raw := strings.TrimSpace(c.Query("counter"))
	if raw == "" && !strings.Contains(wording, "{counter}") {
		raw = "0"
	}
	counter, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || counter < 0 || counter > 9999 {
		return bad("bad_counter", "counter: want a counter number 0..9999")
	}
	reading := org.NumberReading
	if id := c.Query("site"); id != "" {
		site := org.Site(id)
		if site == nil {
			return queue.Fail("unknown_site", "no such site")
		}
		reading = site.NumberReading
	}
	call, err := voice.Say(wording, number, counter, voice.Options{
		Dialect: voice.Dialect(org.Dialect),
		Digits:  reading == config.ReadingDigits,
	})
	switch {
	case errors.Is(err, voice.ErrBadNumber):
		return bad("bad_number", "number: want one or two letters and up to nine digits, e.g. A023")
	case err != nil:
		return bad("bad_counter", err.Error())
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=60")
	return c.JSON(voiceAnswer{Call: call, Chime: voice.Chime, Repeat: 1, Base: voiceBase, Ext: ".opus", Reading: reading})
}

// counterDisplay serves the page of the small screen above a counter; the page reads the
// counter from its path and the site from its paired device or ?site=.
func (s *Server) counterDisplay(c *fiber.Ctx) error {
	files, ok := s.Pages["/display"]
	if !ok {
		return queue.ErrNotFound
	}
	page, err := fs.ReadFile(files, "counter.html")
	if err != nil {
		return queue.ErrNotFound
	}
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Type("html", "utf-8")
	return c.Send(page)
}
