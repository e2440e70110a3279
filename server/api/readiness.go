package api

import (
	"context"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"luot/server/ready"
)

// stepLabels name the start-up steps for the people reading /readyz (vi, en).
var stepLabels = map[string][2]string{
	ready.Schema:  {"kiểm tra và nâng cấp phiên bản dữ liệu", "checking and migrating the store's schema"},
	ready.Scripts: {"nạp các kịch bản Lua vào Redis", "loading the Lua scripts into Redis"},
	ready.Admin:   {"tài khoản quản trị (LUOT_ADMIN_PASSWORD)", "the admin account (LUOT_ADMIN_PASSWORD)"},
	ready.Feed:    {"luồng sự kiện trực tiếp", "the live event feed"},
}

// startingBody is the contract's error body with the steps still pending.
type startingBody struct {
	Error struct {
		Code    string   `json:"code"`
		Message string   `json:"message"`
		Pending []string `json:"pending"`
	} `json:"error"`
}

// readyz answers 200 once every start-up step is done and Redis can serve every site
// (store.Health: a cluster with every slot covered, a master found through Sentinel);
// 503 "starting" with the pending steps before, 503 "unavailable" when Redis cannot.
func (s *Server) readyz(c *fiber.Ctx) error {
	if !s.Ready.Ready() {
		return s.starting(c)
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := s.Store.Health(ctx); err != nil {
		return err
	}
	return c.JSON(fiber.Map{"status": "ready"})
}

// startingGate answers API and websocket requests with 503 "starting" until the start-up is
// done: before it, a login may meet an admin account not yet set, a websocket a feed not yet
// reading (its snapshot would be newer than the feed's start: events lost), and any request
// a store not yet migrated. Pages, /healthz, /readyz and /metrics are served meanwhile.
func (s *Server) startingGate(c *fiber.Ctx) error {
	if s.Ready.Ready() {
		return c.Next()
	}
	p := c.Path()
	if strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/ws/") {
		return s.starting(c)
	}
	return c.Next()
}

// starting is the 503 of a server still starting, naming what it waits for.
func (s *Server) starting(c *fiber.Ctx) error {
	pending := s.Ready.Pending()
	en := english(c)
	names := make([]string, len(pending))
	for i, p := range pending {
		names[i] = p
		if l, ok := stepLabels[p]; ok {
			names[i] = l[0]
			if en {
				names[i] = l[1]
			}
		}
	}
	var b startingBody
	b.Error.Code = "starting"
	b.Error.Pending = pending
	b.Error.Message = "Máy chủ đang khởi động, còn chờ: " + strings.Join(names, "; ")
	if en {
		b.Error.Message = "The server is starting; pending: " + strings.Join(names, "; ")
	}
	c.Set(fiber.HeaderRetryAfter, "1")
	return c.Status(fiber.StatusServiceUnavailable).JSON(b)
}
