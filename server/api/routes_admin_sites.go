package api

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"luot/config"
	"luot/server/queue"
	"luot/server/report"
)

// siteDetail answers GET /api/v1/admin/sites/{site}: the site as the hall display sees it,
// with the officers' names, when each queue's longest wait began, and today's figures of
// the site, its services and its officers.
func (a *adminArea) siteDetail(c *fiber.Ctx) error {
	who := actor(c)
	org := a.Engine.Org()
	site, err := siteOf(who, org, c.Params("site"))
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	v, err := a.Engine.Site(ctx, site.ID)
	if err != nil {
		return err
	}
	names, err := a.fullNames(ctx)
	if err != nil {
		return err
	}
	for _, cn := range v.Counters {
		if cn.Officer != nil {
			cn.OfficerName = names[*cn.Officer]
		}
	}
	oldest, err := a.oldestOf(ctx, site)
	if err != nil {
		return err
	}
	row := judge(site, v, oldest.Site, a.Engine.Now())
	q, _ := report.ParseQuery(site.ID, "", "", "", "", a.Engine.Now().In(org.Location))
	rs, err := a.builder.BuildEach(ctx, q, []string{report.ByService, report.ByOfficer}, []*config.Site{site})
	if err != nil {
		return err
	}
	figures := fiber.Map{"total": rs[0].Total, "levels": rs[0].Levels}
	for _, r := range rs {
		figures[r.By] = r.Rows
	}
	return c.JSON(fiber.Map{"site": v, "board": row, "oldest": oldest.ByService, "today": figures, "at": a.Engine.Now()})
}

// fullNames maps usernames to full names.
func (a *adminArea) fullNames(ctx context.Context) (map[string]string, error) {
	users, err := a.Store.Users(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(users))
	for _, u := range users {
		out[u.Username] = u.FullName
	}
	return out, nil
}

// counterRequest is the body of POST /api/v1/admin/sites/{site}/counters/{counter}.
type counterRequest struct {
	// State is "open" or "closed"; empty keeps the state (to change the services).
	State string `json:"state"`
	// Officer takes a closed counter that a supervisor opens for the day.
	Officer string `json:"officer"`
	// Services are served today, overriding the configured ones; empty keeps them.
	Services []string `json:"services"`
}

// manageCounter lets a supervisor of the site (or an admin) open a counter for the day for
// an officer of the site, change the services an open counter serves today, or close it
// (its officer leaves it; a called ticket goes back to its queue).
func (a *adminArea) manageCounter(c *fiber.Ctx) error {
	who := actor(c)
	org := a.Engine.Org()
	site, err := siteOf(who, org, c.Params("site"))
	if err != nil {
		return err
	}
	cc := site.Counter(c.Params("counter"))
	if cc == nil {
		return queue.Fail("unknown_counter", "no counter "+c.Params("counter"))
	}
	var req counterRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	ctx := c.UserContext()
	meta := queue.Meta{Now: a.Engine.Now(), By: who.ID()}
	if req.State == "closed" {
		cn, err := a.Store.Close(ctx, queue.CounterRef{Site: site.ID, Counter: cc.ID}, meta)
		if err != nil {
			return err
		}
		a.Engine.CompleteCounter(site.ID, cn)
		a.Log.Info("counter closed by a supervisor", "site", site.ID, "counter", cc.ID, "by", who.ID())
		return c.JSON(fiber.Map{"counter": cn})
	}
	if req.State != "" && req.State != "open" {
		return bad("bad_state", "state: open or closed")
	}
	if len(req.Services) > len(site.Services) {
		return bad("invalid_service", "more services than the site offers")
	}
	seen := map[string]bool{}
	for _, s := range req.Services {
		if !site.Offers(s) {
			return queue.Fail("invalid_service", fmt.Sprintf("service %q is not offered at %s", s, site.ID))
		}
		if seen[s] {
			return queue.Fail("duplicate_service", fmt.Sprintf("service %q listed twice", s))
		}
		seen[s] = true
	}
	v, err := a.Engine.Site(ctx, site.ID)
	if err != nil {
		return err
	}
	var live *queue.Counter
	for _, cn := range v.Counters {
		if cn.ID == cc.ID {
			live = cn
		}
	}
	officer := req.Officer
	switch {
	case live != nil && live.State != queue.Closed:
		if officer != "" && (live.Officer == nil || *live.Officer != officer) {
			return queue.ErrCounterBusy
		}
		officer = *live.Officer
		if len(req.Services) == 0 {
			return bad("no_change", "name the services the counter serves today, or close it")
		}
	case officer == "":
		return bad("no_officer", "name the officer who takes the counter")
	default:
		if err := a.checkOfficer(ctx, officer, site.ID); err != nil {
			return err
		}
	}
	services := req.Services
	if len(services) == 0 {
		services = cc.Services
		if live != nil && len(live.Services) > 0 && live.State != queue.Closed {
			services = live.Services
		}
	}
	cn, t, err := a.Store.Open(ctx, site.ID, cc.ID, officer, services, meta)
	if err != nil {
		return err
	}
	a.Engine.CompleteCounter(site.ID, cn)
	a.Log.Info("counter set by a supervisor", "site", site.ID, "counter", cc.ID, "officer", officer, "services", services, "by", who.ID())
	return c.JSON(fiber.Map{"counter": cn, "ticket": t})
}

// checkOfficer checks that a user may take a counter of site: an officer or supervisor of
// the site, not disabled.
func (a *adminArea) checkOfficer(ctx context.Context, name, site string) error {
	u, err := a.Store.User(ctx, name)
	if errors.Is(err, queue.ErrNotFound) {
		return queue.Fail("unknown_officer", "no user "+name)
	}
	if err != nil {
		return err
	}
	if u.Disabled || u.Role == queue.RoleAdmin || !slices.Contains(u.Sites, site) {
		return queue.Fail("unknown_officer", name+" does not work at "+site)
	}
	return nil
}

// orgView answers GET /api/v1/admin/org: the organisation in force, as the file gives it, for
// the page that shows it and explains how to change it.
func (a *adminArea) orgView(c *fiber.Ctx) error {
	who := actor(c)
	org := a.Engine.Org()
	type counter struct {
		ID       string   `json:"id"`
		Number   int      `json:"number"`
		Name     string   `json:"name"`
		NameEn   string   `json:"name_en,omitempty"`
		Services []string `json:"services"`
	}
	type site struct {
		siteHead
		Address       string              `json:"address,omitempty"`
		Services      []string            `json:"services"`
		Counters      []counter           `json:"counters"`
		WaitTargetMin int                 `json:"wait_target_min"`
		Hours         map[string][]string `json:"hours"`
		Quota         map[string]int      `json:"quota,omitempty"`
	}
	days := []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}
	var sites []site
	for _, s := range visible(who, org) {
		out := site{siteHead: headOf(s), Address: s.Address,
			Services: s.Services, WaitTargetMin: s.WaitTargetMin, Quota: s.Quota, Hours: map[string][]string{}}
		for _, cc := range s.Counters {
			out.Counters = append(out.Counters, counter{cc.ID, cc.Number, cc.Name, cc.NameEn, cc.Services})
		}
		for wd := time.Sunday; wd <= time.Saturday; wd++ {
			for _, ses := range s.HoursOn(wd) {
				out.Hours[days[wd]] = append(out.Hours[days[wd]], ses.String())
			}
		}
		sites = append(sites, out)
	}
	return c.JSON(fiber.Map{
		"name": org.Name, "name_en": org.NameEn, "timezone": org.Timezone, "config": a.Settings.ConfigPath,
		"wait_target_min": org.WaitTargetMin, "recall_limit": org.RecallLimit, "holidays": org.Holidays,
		"sites": sites, "reload": a.Reload != nil && who.Role == queue.RoleAdmin,
	})
}

// rollupRequest is the body of POST /api/v1/admin/rollup.
type rollupRequest struct {
	Day string `json:"day"`
}

// rollup closes a past day on demand (admin): aggregates and archive file, as the job at the
// end of each day does.
func (a *adminArea) rollup(c *fiber.Ctx) error {
	var req rollupRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Day == "" {
		req.Day = a.Engine.Now().In(a.Engine.Org().Location).AddDate(0, 0, -1).Format(time.DateOnly)
	}
	job := a.job()
	if job.Dir == "" {
		return queue.Fail("no_archive", "LUOT_ARCHIVE_DIR is not set")
	}
	res, err := job.Rollup(c.UserContext(), req.Day)
	if err != nil {
		return err
	}
	return c.JSON(res)
}
