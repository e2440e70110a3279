package api

import "github.com/gofiber/fiber/v2"

// counterRoutes registers the routes of the counter workstation and the rating panel /rate.
func (s *Server) counterRoutes(app *fiber.App, v1 fiber.Router) {}
