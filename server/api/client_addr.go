package api

import (
	"net/netip"

	"github.com/gofiber/fiber/v2"

	"luot/server/netguard"
	"luot/server/queue"
)

// clientIP is the address of the caller: the peer, or behind a trusted proxy the address
// that proxy saw (netguard.Proxies.Client). Login throttling, the websocket caps, /metrics'
// allow-list and the logs all key on it; fiber's c.IP() would take X-Forwarded-For's
// left-most value, which the client writes itself.
func (s *Server) clientIP(c *fiber.Ctx) netip.Addr {
	peer, _ := netip.AddrFromSlice(c.Context().RemoteIP())
	return s.proxies.Client(peer, c.Request().Header.PeekAll(fiber.HeaderXForwardedFor))
}

// wsGate caps the websockets of one client address at LUOT_MAX_CONNS_PER_IP, also behind a
// proxy, where the listener sees only the proxy. Put it before the upgrade handler of every
// websocket route: the place it takes is given back when the connection closes
// (netguard.OnClose), or at once if the request was not upgraded.
func (s *Server) wsGate(c *fiber.Ctx) error {
	leave, ok := s.sockets.Enter(s.clientIP(c))
	if !ok {
		return queue.Fail("too_many_connections", "too many live connections from your address")
	}
	err := c.Next()
	if !c.Context().Hijacked() || !netguard.OnClose(c.Context().Conn(), leave) {
		leave()
	}
	return err
}
