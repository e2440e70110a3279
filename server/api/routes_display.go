package api

import "github.com/gofiber/fiber/v2"

// displayRoutes registers the routes of the hall display and the counter display /display/counter/{counter}.
func (s *Server) displayRoutes(app *fiber.App, v1 fiber.Router) {}
