package api

import (
	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"

	"luot/server/live"
)

// boardJSON answers GET /api/v1/board: every site the caller may watch, as the board shows
// it, from the rows the server keeps for every viewer (live.Board).
func (a *adminArea) boardJSON(c *fiber.Ctx) error {
	body, err := a.live.Board().BoardRows(c.UserContext(), actor(c).Visible(a.Engine.Org()))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(body)
}

// boardUpgrade grants an admin or a supervisor, from a page of this server, the live board
// of the sites they may watch (/ws/board): every row first ("board"), then the rows that
// change ("update"), and pings, on the live path of the other feeds.
func (a *adminArea) boardUpgrade(c *fiber.Ctx) error {
	if !websocket.IsWebSocketUpgrade(c) {
		return fiber.ErrUpgradeRequired
	}
	// a page of another origin may not open the board with the user's session
	if err := sameOrigin(c); err != nil {
		return err
	}
	sites := actor(c).Visible(a.Engine.Org())
	ids := make([]string, len(sites))
	for i, s := range sites {
		ids[i] = s.ID
	}
	return live.Grant(c, live.Request{Board: true, Sites: ids})
}
