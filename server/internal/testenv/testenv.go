// Package testenv builds a real engine for tests: a redis-server of the test's own, a small
// organisation and a fake clock.
package testenv

import (
	"strings"
	"testing"
	"time"

	"luot/config"
	"luot/server/internal/fakeclock"
	"luot/server/internal/redistest"
	"luot/server/queue"
	"luot/server/store"
)

// WeekdayHours is the hours of OrgYAML, a YAML block of its own: Monday to Friday
// 07:30–11:30 and 13:30–17:00.
const WeekdayHours = `hours:
  mon: ["07:30-11:30", "13:30-17:00"]
  tue: ["07:30-11:30", "13:30-17:00"]
  wed: ["07:30-11:30", "13:30-17:00"]
  thu: ["07:30-11:30", "13:30-17:00"]
  fri: ["07:30-11:30", "13:30-17:00"]
`

// OrgYAML is a small organisation: a centre with three services and four counters, and a
// point under it. Its hours are Monday to Friday 07:30–11:30 and 13:30–17:00. Its kiosks may
// issue 10,000 tickets a minute: tests drive one kiosk far faster than a hall does, on a
// clock that stands still (the default of 60 is tested on its own, see KioskOrg).
const OrgYAML = `
name: "Trung tâm Phục vụ hành chính công tỉnh Thử Nghiệm"
timezone: Asia/Ho_Chi_Minh
kiosk_per_minute: 10000
` + WeekdayHours + `priority:
  - {id: elderly, name: "Người cao tuổi", name_en: "Elderly"}
  - {id: disability, name: "Người khuyết tật", name_en: "People with disabilities"}
rating: [very_satisfied, satisfied, dissatisfied]
services:
  - {id: dat-dai, name: "Đất đai", name_en: "Land", prefix: A, minutes: 15}
  - {id: ho-tich, name: "Hộ tịch", name_en: "Civil status", prefix: B, minutes: 10}
  - {id: doanh-nghiep, name: "Doanh nghiệp", name_en: "Business", prefix: C, minutes: 20}
sites:
  - id: centre
    name: "Trung tâm Thử Nghiệm"
    kind: centre
    services: [dat-dai, ho-tich, doanh-nghiep]
    quota: {doanh-nghiep: 5}
    counters:
      - {id: q1, number: 1, services: [dat-dai]}
      - {id: q2, number: 2, services: [dat-dai, ho-tich]}
      - {id: q3, number: 3, services: [ho-tich]}
      - {id: q4, number: 4, services: [doanh-nghiep, dat-dai]}
  - id: point
    name: "Điểm tiếp nhận phường Một"
    kind: point
    parent: centre
    services: [ho-tich, dat-dai]
    counters:
      - {id: p1, number: 1, services: [ho-tich, dat-dai]}
`

// KioskOrg is OrgYAML with kiosks at the default of kiosk_per_minute (60).
func KioskOrg(t testing.TB) *config.Org {
	t.Helper()
	org, err := config.Parse([]byte(strings.Replace(OrgYAML, "kiosk_per_minute: 10000\n", "", 1)), "test.yaml")
	if err != nil {
		t.Fatalf("parse test org: %v", err)
	}
	return org
}

// Monday is a Monday at 09:00 in Asia/Ho_Chi_Minh, inside opening hours.
var Monday = time.Date(2026, 11, 23, 9, 0, 0, 0, Loc())

// Loc is Asia/Ho_Chi_Minh.
func Loc() *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		panic(err)
	}
	return loc
}

// Env is a running engine on its own Redis.
type Env struct {
	Redis  *redistest.Server
	Store  *store.Store
	Engine *queue.Engine
	Clock  *fakeclock.Clock
	Org    *config.Org
}

// New starts Redis and an engine on OrgYAML at Monday 09:00.
func New(t testing.TB) *Env {
	t.Helper()
	org, err := config.Parse([]byte(OrgYAML), "test.yaml")
	if err != nil {
		t.Fatalf("parse test org: %v", err)
	}
	return NewWith(t, org)
}

// NewWith starts Redis and an engine on org.
func NewWith(t testing.TB, org *config.Org) *Env {
	t.Helper()
	r := redistest.Start(t)
	client, err := store.NewClient(r.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	st := store.New(client, org.Location, store.Options{})
	clock := fakeclock.New(Monday)
	return &Env{Redis: r, Store: st, Engine: queue.NewEngine(org, st, clock, queue.Options{}), Clock: clock, Org: org}
}

// Replicated is a running engine on a Redis Cluster (three masters, a replica each) or on a
// master and replica behind three sentinels, with the store waiting for one replica on
// every acknowledged write (LUOT_REDIS_REPLICAS=1).
type Replicated struct {
	Cluster  *redistest.Cluster  // nil on Sentinel
	Sentinel *redistest.Sentinel // nil on Cluster
	URL      string              // the REDIS_URL
	Store    *store.Store
	Engine   *queue.Engine
	Clock    *fakeclock.Clock
	Org      *config.Org
}

// NewCluster starts a Redis Cluster and an engine on org through redis+cluster://.
func NewCluster(t testing.TB, org *config.Org) *Replicated {
	t.Helper()
	c := redistest.StartCluster(t)
	return replicated(t, org, &Replicated{Cluster: c, URL: c.URL()})
}

// NewSentinel starts a master, a replica and three sentinels and an engine on org through
// redis+sentinel://.
func NewSentinel(t testing.TB, org *config.Org) *Replicated {
	t.Helper()
	s := redistest.StartSentinel(t)
	return replicated(t, org, &Replicated{Sentinel: s, URL: s.URL()})
}

func replicated(t testing.TB, org *config.Org, r *Replicated) *Replicated {
	t.Helper()
	if org == nil {
		var err error
		if org, err = config.Parse([]byte(OrgYAML), "test.yaml"); err != nil {
			t.Fatalf("parse test org: %v", err)
		}
	}
	client, err := store.NewClient(r.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	r.Store = store.New(client, org.Location, store.Options{Replicas: 1})
	r.Clock = fakeclock.New(Monday)
	r.Engine = queue.NewEngine(org, r.Store, r.Clock, queue.Options{})
	r.Org = org
	return r
}

// Officer returns an officer actor of the given sites.
func Officer(name string, sites ...string) queue.Actor {
	return queue.Actor{User: name, Role: queue.RoleOfficer, Sites: sites}
}

// Admin is an admin actor.
var Admin = queue.Actor{User: "admin", Role: queue.RoleAdmin}

// Kiosk returns a kiosk device of a site.
func Kiosk(site string) queue.Actor {
	return queue.Actor{Device: "kiosk-" + site, DeviceKind: queue.DeviceKiosk, Site: site}
}
