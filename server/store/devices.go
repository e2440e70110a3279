package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/server/queue"
)

// Device is a registered device (queue.Device); the store keeps only the hash of its token.
type Device = queue.Device

func deviceFrom(f fields) *Device {
	if f["id"] == "" {
		return nil
	}
	created, _ := strconv.ParseInt(f["created_at"], 10, 64)
	return &Device{ID: f["id"], Site: f["site"], Kind: f["kind"], Counter: f["counter"], Name: f["name"],
		CreatedAt: time.UnixMilli(created), CreatedBy: f["created_by"]}
}

// CreateDevice registers a device with its token. The token's key (in the token's slot) is
// written first: it is valid only once the record (in {auth}) names it. A device registered
// again under its id loses its earlier token.
func (s *Store) CreateDevice(ctx context.Context, d Device, token string) error {
	h := HashToken(token)
	old, err := s.rdb.HGet(ctx, deviceKey(d.ID), "token").Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("create device: %w", wrap(err))
	}
	if err := s.rdb.Set(ctx, deviceTokenKey(h), d.ID, 0).Err(); err != nil {
		return fmt.Errorf("create device: %w", wrap(err))
	}
	pipe := s.rdb.TxPipeline() // {auth} only
	pipe.HSet(ctx, deviceKey(d.ID), "id", d.ID, "site", d.Site, "kind", d.Kind, "counter", d.Counter,
		"name", d.Name, "created_at", d.CreatedAt.UnixMilli(), "created_by", d.CreatedBy, "token", h)
	pipe.SAdd(ctx, devicesKey, d.ID)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("create device: %w", wrap(err))
	}
	s.revoke(ctx, "d:"+d.ID) // its earlier token
	if old != "" && old != h {
		s.dropDeviceToken(ctx, old)
	}
	return nil
}

// dropDeviceToken deletes the key of a token its device no longer names. It resolves to
// nothing valid already (the record names another token, or is gone), so a failure here
// leaves only a dead key.
func (s *Store) dropDeviceToken(ctx context.Context, hash string) {
	_ = s.rdb.Del(ctx, deviceTokenKey(hash)).Err()
}

// Device reads a device; ErrNotFound if there is none.
func (s *Store) Device(ctx context.Context, id string) (*Device, error) {
	return readRecord(ctx, s, deviceKey(id), deviceFrom, "device", id)
}

// Devices lists every device by id.
func (s *Store) Devices(ctx context.Context) ([]*Device, error) {
	return readSetRecords(ctx, s, devicesKey, deviceKey, deviceFrom, "list devices")
}

// DeleteDevice revokes a device: its token and its pairing code stop working at once.
func (s *Store) DeleteDevice(ctx context.Context, id string) error {
	f, err := s.rdb.HGetAll(ctx, deviceKey(id)).Result()
	if err != nil {
		return fmt.Errorf("delete device: %w", wrap(err))
	}
	if deviceFrom(f) == nil {
		return fmt.Errorf("device %q: %w", id, queue.ErrNotFound)
	}
	code, err := s.rdb.Get(ctx, devicePairKey(id)).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("delete device: %w", wrap(err))
	}
	pipe := s.rdb.TxPipeline() // {auth} only: the record, which makes its token valid, first
	pipe.Del(ctx, deviceKey(id), devicePairKey(id))
	if code != "" {
		pipe.Del(ctx, pairCodeKey(code))
	}
	pipe.SRem(ctx, devicesKey, id)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("delete device: %w", wrap(err))
	}
	s.revoke(ctx, "d:"+id)
	if f["token"] != "" {
		s.dropDeviceToken(ctx, f["token"])
	}
	return nil
}
