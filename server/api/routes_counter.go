package api

import "github.com/gofiber/fiber/v2"

// counterRoutes registers the routes of the counter workstation and the rating panel /rate.
// The workstation's actions are the counter routes of routes.go; these are the reads it needs
// besides: the queues a counter serves with their next numbers and longest wait, the site's
// waiting tickets (to call a given number), and an officer's numbers of the day. The rating
// panel needs nothing beyond /devices/me, the live feed and POST /tickets/{id}/rating.
func (s *Server) counterRoutes(app *fiber.App, v1 fiber.Router) {
	v1.Get("/sites/:site/counters/:counter/queues", s.counterQueues)
	v1.Get("/sites/:site/waiting", s.siteWaiting)
	v1.Get("/sites/:site/officers/:officer/today", s.officerToday)
}
