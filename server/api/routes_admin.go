package api

import "github.com/gofiber/fiber/v2"

// adminRoutes registers the routes of the admin area, reports and the public transparency page /public.
func (s *Server) adminRoutes(app *fiber.App, v1 fiber.Router) {}
