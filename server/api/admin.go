package api

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/crypto/bcrypt"

	"luot/server/queue"
)

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,31}$`)

func (s *Server) listUsers(c *fiber.Ctx) error {
	users, err := s.Store.Users(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(users)
}

type userRequest struct {
	Username string   `json:"username"`
	FullName string   `json:"full_name"`
	Password string   `json:"password"`
	Role     string   `json:"role"`
	Sites    []string `json:"sites"`
	Disabled *bool    `json:"disabled"`
}

// checkUser validates the fields of a user; a nil Password or Role means "unchanged".
func (s *Server) checkUser(req *userRequest, creating bool) error {
	req.FullName = text(req.FullName)
	if creating {
		req.Username = strings.ToLower(strings.TrimSpace(req.Username))
		if !usernamePattern.MatchString(req.Username) {
			return bad("bad_username", "username: 2–32 of a-z 0-9 . _ -, starting with a letter or digit")
		}
		if req.FullName == "" {
			return bad("bad_full_name", "full_name is required")
		}
	}
	if utf8.RuneCountInString(req.FullName) > 100 {
		return bad("bad_full_name", "full_name is longer than 100 characters")
	}
	if (creating || req.Password != "") && (len(req.Password) < 8 || len(req.Password) > 72) {
		return bad("bad_password", "password: 8 to 72 bytes")
	}
	if creating || req.Role != "" {
		if !slices.Contains([]queue.Role{queue.RoleAdmin, queue.RoleSupervisor, queue.RoleOfficer}, queue.Role(req.Role)) {
			return bad("bad_role", "role: admin, supervisor or officer")
		}
	}
	for _, site := range req.Sites {
		if s.Engine.Org().Site(site) == nil {
			return queue.Fail("invalid_site", fmt.Sprintf("no site %q", site))
		}
	}
	return nil
}

func (s *Server) createUser(c *fiber.Ctx) error {
	var req userRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if err := s.checkUser(&req, true); err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(req.Password), bcrypt.DefaultCost)
	if err != nil {
		return err
	}
	u := queue.User{Username: req.Username, FullName: req.FullName, Role: queue.Role(req.Role), Sites: req.Sites, Hash: string(hash)}
	if u.Sites == nil {
		u.Sites = []string{}
	}
	if err := s.Store.CreateUser(c.UserContext(), u); err != nil {
		return err
	}
	s.Log.Info("user created", "username", u.Username, "role", u.Role, "by", actor(c).ID())
	return c.Status(fiber.StatusCreated).JSON(u)
}

// updateUser changes a user's name, role, sites, password or disabled flag (admin).
func (s *Server) updateUser(c *fiber.Ctx) error {
	var req userRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if err := s.checkUser(&req, false); err != nil {
		return err
	}
	u, err := s.Store.User(c.UserContext(), c.Params("username"))
	if err != nil {
		return err
	}
	if req.FullName != "" {
		u.FullName = req.FullName
	}
	if req.Role != "" {
		u.Role = queue.Role(req.Role)
	}
	if req.Sites != nil {
		u.Sites = req.Sites
	}
	if req.Disabled != nil && *req.Disabled != u.Disabled {
		u.Disabled = *req.Disabled
		u.Gen = "" // a new generation: every session of the user ends (and none comes back with an enable)
	}
	if req.Password != "" {
		hash, err := bcrypt.GenerateFromPassword([]byte(req.Password), bcrypt.DefaultCost)
		if err != nil {
			return err
		}
		u.Hash = string(hash)
		u.Gen = "" // a reset ends every session of the user
	}
	if err := s.Store.PutUser(c.UserContext(), *u); err != nil {
		return err
	}
	return c.JSON(u)
}

func (s *Server) deleteUser(c *fiber.Ctx) error {
	a := actor(c)
	name := strings.ToLower(c.Params("username"))
	if name == strings.ToLower(a.User) {
		return queue.Fail("delete_self", "you cannot delete your own account")
	}
	if err := s.Store.DeleteUser(c.UserContext(), name); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) listDevices(c *fiber.Ctx) error {
	a := actor(c)
	all, err := s.Store.Devices(c.UserContext())
	if err != nil {
		return err
	}
	out, org := []*queue.Device{}, s.Engine.Org()
	for _, d := range all {
		if a.Sees(org, d.Site) {
			out = append(out, d)
		}
	}
	return c.JSON(out)
}

type deviceRequest struct {
	Site    string `json:"site"`
	Kind    string `json:"kind"`
	Counter string `json:"counter"`
	Name    string `json:"name"`
}

func (s *Server) createDevice(c *fiber.Ctx) error {
	a := actor(c)
	var req deviceRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	site := s.Engine.Org().Site(req.Site)
	if !a.Sees(s.Engine.Org(), req.Site) {
		return a.Refused(false)
	}
	if site == nil {
		return queue.Fail("invalid_site", fmt.Sprintf("no site %q", req.Site))
	}
	switch req.Kind {
	case queue.DeviceKiosk, queue.DeviceDisplay:
		req.Counter = ""
	case queue.DeviceRating:
		if site.Counter(req.Counter) == nil {
			return queue.Fail("invalid_counter", "a rating panel needs a counter of its site")
		}
	default:
		return bad("bad_kind", "kind: kiosk, display or rating")
	}
	req.Name = text(req.Name)
	if req.Name == "" || utf8.RuneCountInString(req.Name) > 100 {
		return bad("bad_name", "name: 1 to 100 characters")
	}
	d := queue.Device{ID: "dev_" + randomToken(9), Site: req.Site, Kind: req.Kind, Counter: req.Counter,
		Name: req.Name, CreatedAt: s.Engine.Now(), CreatedBy: a.ID()}
	token := newDeviceToken()
	if err := s.Store.CreateDevice(c.UserContext(), d, token); err != nil {
		return err
	}
	code, err := s.newCode(c, d.ID)
	if err != nil {
		return err
	}
	s.Log.Info("device registered", "id", d.ID, "site", d.Site, "kind", d.Kind, "by", a.ID())
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"id": d.ID, "token": token, "device": d, "pair_code": code})
}

// overseenDevice reads the device of the path's id for a user who oversees its site.
func (s *Server) overseenDevice(c *fiber.Ctx) (*queue.Device, queue.Actor, error) {
	a := actor(c)
	if !a.IsUser() {
		return nil, a, a.Refused(false)
	}
	d, err := s.Store.Device(c.UserContext(), c.Params("id"))
	if err != nil {
		return nil, a, err
	}
	if !a.Sees(s.Engine.Org(), d.Site) {
		return nil, a, queue.ErrForbidden
	}
	return d, a, nil
}

func (s *Server) deleteDevice(c *fiber.Ctx) error {
	d, a, err := s.overseenDevice(c)
	if err != nil {
		return err
	}
	if err := s.Store.DeleteDevice(c.UserContext(), d.ID); err != nil {
		return err
	}
	s.Log.Info("device revoked", "id", d.ID, "by", a.ID())
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) reload(c *fiber.Ctx) error {
	if s.Reload == nil {
		return queue.Fail("no_reload", "reloading is not available")
	}
	if err := s.Reload(); err != nil {
		return queue.Fail("bad_config", err.Error())
	}
	return c.JSON(fiber.Map{"sites": len(s.Engine.Org().Sites)})
}
