package netguard

import (
	"log/slog"
	"net"
	"slices"

	"luot/config"
)

// Guard wraps ln with the caps of the server's settings: LUOT_MAX_CONNS, lowered to what the
// open-file limit allows (with a warning), and LUOT_MAX_CONNS_PER_IP for every address but
// the trusted proxies and the host itself.
func Guard(ln net.Listener, s config.Settings, log *slog.Logger) *Listener {
	edge := s.Edge.WithDefaults()
	maxConns, lowered := CapToFileLimit(edge.MaxConns)
	if lowered {
		log.Warn("LUOT_MAX_CONNS lowered to what the open-file limit allows; raise LimitNOFILE (ulimit -n) for more",
			"max_conns", edge.MaxConns, "using", maxConns)
	}
	return Listen(ln, Options{MaxConns: maxConns, MaxConnsPerIP: edge.MaxConnsPerIP,
		Exempt: slices.Concat(s.Proxies(), Loopback), Log: log})
}
