package api

import "github.com/gofiber/fiber/v2"

// publicFigures answers GET /api/v1/public/sites (no login): for each site, waiting now, the
// average wait and satisfaction today and this month, and the province's totals, from the
// figures the server keeps for every reader (live.Board.Public: at most a second or two
// behind the events).
func (a *adminArea) publicFigures(c *fiber.Ctx) error {
	body, err := a.live.Board().Public(c.UserContext())
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "public, max-age=30")
	return c.Send(body)
}
