package api

import "github.com/gofiber/fiber/v2"

// boardJSON answers GET /api/v1/board: every site the caller may watch, as the board shows it.
func (a *adminArea) boardJSON(c *fiber.Ctx) error {
	who := actor(c)
	org := a.Engine.Org()
	rows, err := a.Engine.BoardRows(c.UserContext(), who.Visible(org))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"at": a.Engine.Now(), "sites": rows})
}
