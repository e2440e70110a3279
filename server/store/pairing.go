package store

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"time"

	"luot/server/queue"
)

// Errors of a pairing code typed on a device.
var (
	ErrPairCode = queue.Fail("bad_pair_code", "no such pairing code, or it expired")
	ErrPairKind = queue.Fail("pair_wrong_kind", "the pairing code is of another kind of device")
)

// PairLimits is how many pairing attempts a window allows (queue.PairLimits).
type PairLimits = queue.PairLimits

// NewPairCode draws a code that names device id for ttl and burns the device's earlier code
// (pair.lua): ErrNotFound if there is no such device.
func (s *Store) NewPairCode(ctx context.Context, id string, ttl time.Duration) (string, error) {
	for range 20 { // a draw that names another device's live code is drawn again
		code, err := drawCode()
		if err != nil {
			return "", err
		}
		n, err := pairScript.Run(ctx, s.rdb, []string{pairCodeKey(code), devicePairKey(id), deviceKey(id)},
			"new", id, ttl.Milliseconds(), code, authPrefix).Int64()
		switch {
		case err != nil:
			return "", fmt.Errorf("new pairing code: %w", wrap(err))
		case n < 0:
			return "", fmt.Errorf("device %q: %w", id, queue.ErrNotFound)
		case n == 1:
			return code, nil
		}
	}
	return "", fmt.Errorf("new pairing code: every draw was taken: %w", queue.ErrUnavailable)
}

// Pair redeems a code typed on a device of kind at address addr: the device the code names
// gets token (its earlier token stops working) and the code is burnt. Past a limit it tries
// nothing and returns how long to wait; otherwise the attempt is counted and a wrong code is
// ErrPairCode, a code of another kind of device ErrPairKind (the code is kept).
func (s *Store) Pair(ctx context.Context, code, kind, addr, token string, lim PairLimits) (*Device, time.Duration, error) {
	res, err := pairScript.Run(ctx, s.rdb, []string{pairTryKey("a:" + addr), pairTryKey("all"), pairCodeKey(code)},
		"redeem", lim.Window.Milliseconds(), lim.Addr, lim.All, kind, HashToken(token), authPrefix).Slice()
	if err != nil {
		return nil, 0, fmt.Errorf("pair: %w", wrap(err))
	}
	switch what, _ := res[0].(string); what {
	case "wait":
		ms, _ := res[1].(int64)
		return nil, time.Duration(max(ms, 1)) * time.Millisecond, nil
	case "kind":
		return nil, 0, ErrPairKind
	case "ok":
		df, _ := res[1].([]any)
		if d := deviceFrom(flatFields(df)); d != nil {
			s.revoke(ctx, "d:"+d.ID) // its earlier token
			return d, 0, nil
		}
	}
	return nil, 0, ErrPairCode
}

// drawCode is a uniformly random code of six digits: short enough to type with a TV's remote.
func drawCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", fmt.Errorf("draw a pairing code: %w", err)
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}
