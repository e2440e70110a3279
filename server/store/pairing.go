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

// pairReply is pair.lua's answer.
type pairReply struct {
	Result string `json:"result"` // new: ok, taken, no_device; redeem: ok, wait, wrong, kind
	Wait   int64  `json:"wait"`   // ms until the limit frees
	Kind   string `json:"kind"`   // the kind of device the code is of
	Device fields `json:"device"` // the device paired
	Old    string `json:"old"`    // the hash of its earlier token
}

// NewPairCode draws a code that names device id for ttl and burns the device's earlier code
// (pair.lua): ErrNotFound if there is no such device.
func (s *Store) NewPairCode(ctx context.Context, id string, ttl time.Duration) (string, error) {
	for range 20 { // a draw that names another device's live code is drawn again
		code, err := drawCode()
		if err != nil {
			return "", err
		}
		var r pairReply
		err = runObject(ctx, pairScript, s.rdb, []string{pairCodeKey(code), devicePairKey(id), deviceKey(id)},
			[]any{"new", id, ttl.Milliseconds(), code, authPrefix}, &r)
		switch {
		case err != nil:
			return "", fmt.Errorf("new pairing code: %w", err)
		case r.Result == "no_device":
			return "", fmt.Errorf("device %q: %w", id, queue.ErrNotFound)
		case r.Result == "ok":
			return code, nil
		}
	}
	return "", fmt.Errorf("new pairing code: every draw was taken: %w", queue.ErrUnavailable)
}

// Pair redeems a code typed on a device of kind at address addr: the device the code names
// gets token (its earlier token stops working) and the code is burnt. Past a limit it tries
// nothing and returns how long to wait; otherwise the attempt is counted and a wrong code is
// ErrPairCode, a code of another kind of device ErrPairKind (the code is kept).
//
// The device's record takes the token's hash in pair.lua ({auth}); the token's own key, in
// its slot, is written after. Should that write fail, the device gets an error and no token,
// its code is burnt and its earlier token ended: an admin draws a new code.
func (s *Store) Pair(ctx context.Context, code, kind, addr, token string, lim PairLimits) (*Device, time.Duration, error) {
	h := HashToken(token)
	var r pairReply
	err := runObject(ctx, pairScript, s.rdb, []string{pairTryKey("a:" + addr), pairTryKey("all"), pairCodeKey(code)},
		[]any{"redeem", lim.Window.Milliseconds(), lim.Addr, lim.All, kind, h, authPrefix}, &r)
	if err != nil {
		return nil, 0, fmt.Errorf("pair: %w", err)
	}
	switch r.Result {
	case "wait":
		return nil, time.Duration(max(r.Wait, 1)) * time.Millisecond, nil
	case "kind":
		return nil, 0, ErrPairKind
	case "ok":
		d := deviceFrom(r.Device)
		if d == nil {
			break
		}
		s.revoke(ctx, "d:"+d.ID) // its earlier token
		if err := s.rdb.Set(ctx, deviceTokenKey(h), d.ID, 0).Err(); err != nil {
			return nil, 0, fmt.Errorf("pair: %w", wrap(err))
		}
		if r.Old != "" && r.Old != h {
			s.dropDeviceToken(ctx, r.Old)
		}
		return d, 0, nil
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
