package api

import (
	"github.com/gofiber/fiber/v2"

	"luot/server/live"
)

func (s *Server) listSites(c *fiber.Ctx) error {
	return c.JSON(s.Engine.Sites())
}

// getSite answers a site's live state: to its staff whole, to anyone else (anonymous, its
// devices, other sites' staff) in the public projection, without ticket ids or names.
func (s *Server) getSite(c *fiber.Ctx) error {
	v, err := s.Engine.Site(c.UserContext(), c.Params("site"))
	if err != nil {
		return err
	}
	org := s.Engine.Org()
	if staffOf(actor(c), org, v.ID) {
		return c.JSON(v)
	}
	return c.JSON(live.ProjectSite(org.Site(v.ID), v))
}

// publicConfig gives pages what they need of the organisation: names, services, priority
// categories, rating levels, pause reasons, the notice line and the announcement wording.
func (s *Server) publicConfig(c *fiber.Ctx) error {
	org := s.Engine.Org()
	type named struct {
		ID     string `json:"id"`
		Name   string `json:"name"`
		NameEn string `json:"name_en"`
	}
	type service struct {
		named
		Group   string `json:"group,omitempty"`
		GroupEn string `json:"group_en,omitempty"`
		Prefix  string `json:"prefix"`
		Minutes int    `json:"minutes"`
	}
	prio := make([]named, len(org.Priority))
	for i, p := range org.Priority {
		prio[i] = named{p.ID, p.Name, p.NameEn}
	}
	reasons := make([]named, len(org.PauseReasons))
	for i, p := range org.PauseReasons {
		reasons[i] = named{p.ID, p.Name, p.NameEn}
	}
	levels := make([]named, len(org.Rating))
	for i, l := range org.Rating {
		n := org.RatingNames[l]
		levels[i] = named{l, n.Name, n.NameEn}
	}
	services := make([]service, len(org.Services))
	for i, sv := range org.Services {
		services[i] = service{named{sv.ID, sv.Name, sv.NameEn}, sv.Group, sv.GroupEn, sv.Prefix, sv.Minutes}
	}
	return c.JSON(fiber.Map{
		"name": org.Name, "name_en": org.NameEn, "timezone": org.Timezone,
		"priority": prio, "rating": levels, "pause_reasons": reasons, "services": services,
		"recall_limit": org.RecallLimit, "notice": org.Notice, "notice_en": org.NoticeEn, "announcement": org.Announcement,
		"dialect": org.Dialect, "public_url": s.Settings.PublicURL, "wait_target_min": org.WaitTargetMin,
		"now": s.Engine.Now(),
	})
}
