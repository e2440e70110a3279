package api

import (
	"context"
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
	site, err := who.SiteSeen(org, c.Params("site"))
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
	oldest, err := a.Engine.OldestWaiting(ctx, site)
	if err != nil {
		return err
	}
	row := queue.Judge(site, v, oldest.Site, a.Engine.Now())
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

// manageCounter answers POST /api/v1/admin/sites/{site}/counters/{counter}: a supervisor of
// the site (or an admin) opens a counter for the day for an officer, changes what an open
// counter serves today, or closes it (queue.Engine.ManageCounter).
func (a *adminArea) manageCounter(c *fiber.Ctx, plan queue.CounterPlan) error {
	who := actor(c)
	cn, t, err := a.Engine.ManageCounter(c.UserContext(), who, c.Params("site"), c.Params("counter"), plan)
	if err != nil {
		return err
	}
	a.Log.Info("counter set by a supervisor", "site", c.Params("site"), "counter", c.Params("counter"), "state", plan.State, "by", who.ID())
	if plan.State == "closed" {
		return c.JSON(fiber.Map{"counter": cn})
	}
	return c.JSON(fiber.Map{"counter": cn, "ticket": t})
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
		queue.SiteInfo
		Address       string              `json:"address,omitempty"`
		Services      []string            `json:"services"`
		Counters      []counter           `json:"counters"`
		WaitTargetMin int                 `json:"wait_target_min"`
		Hours         map[string][]string `json:"hours"`
		Quota         map[string]int      `json:"quota,omitempty"`
	}
	days := []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}
	var sites []site
	for _, s := range who.Visible(org) {
		out := site{SiteInfo: queue.InfoOf(s), Address: s.Address,
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
func (a *adminArea) rollup(c *fiber.Ctx, req rollupRequest) error {
	if req.Day == "" {
		req.Day = a.Engine.Now().In(a.Engine.Org().Location).AddDate(0, 0, -1).Format(time.DateOnly)
	}
	job := a.job()
	if job.Dir == "" {
		return queue.Fail("no_archive", "LUOT_ARCHIVE_DIR is not set")
	}
	res, err := job.Rollup(c.UserContext(), req.Day)
	return answer(c, fiber.StatusOK, res, err)
}
