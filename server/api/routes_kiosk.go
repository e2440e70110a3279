package api

import "github.com/gofiber/fiber/v2"

// kioskRoutes registers the routes of the kiosk, the printed ticket (PDF) and the tracking page /t/{id}.
func (s *Server) kioskRoutes(app *fiber.App, v1 fiber.Router) {}
