//go:build race

package hub

// The race detector makes channel operations about ten times slower, and
// the load test makes four million of them; its deadline is about the hub
// keeping up, not about the instrumentation.
func init() { slowdown = 10 }
