package api

import (
	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

// The admin area's users and devices: each handler parses, asks queue.Accounts (which
// authorises and holds the rules), answers.

func (s *Server) listUsers(c *fiber.Ctx) error {
	users, err := s.accounts.Users(c.UserContext(), actor(c))
	return answer(c, fiber.StatusOK, users, err)
}

func (s *Server) createUser(c *fiber.Ctx, req queue.UserChange) error {
	u, err := s.accounts.CreateUser(c.UserContext(), actor(c), req)
	if err != nil {
		return err
	}
	s.Log.Info("user created", "username", u.Username, "role", u.Role, "by", actor(c).ID())
	return c.Status(fiber.StatusCreated).JSON(u)
}

// updateUser changes a user's name, role, sites, password or disabled flag (admin).
func (s *Server) updateUser(c *fiber.Ctx, req queue.UserChange) error {
	u, err := s.accounts.UpdateUser(c.UserContext(), actor(c), c.Params("username"), req)
	return answer(c, fiber.StatusOK, u, err)
}

func (s *Server) deleteUser(c *fiber.Ctx) error {
	if err := s.accounts.DeleteUser(c.UserContext(), actor(c), c.Params("username")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) listDevices(c *fiber.Ctx) error {
	out, err := s.accounts.Devices(c.UserContext(), actor(c))
	return answer(c, fiber.StatusOK, out, err)
}

func (s *Server) createDevice(c *fiber.Ctx, req queue.DeviceSpec) error {
	a, token := actor(c), newDeviceToken()
	d, err := s.accounts.RegisterDevice(c.UserContext(), a, req, "dev_"+randomToken(9), token)
	if err != nil {
		return err
	}
	code, err := s.newCode(c, d.ID)
	if err != nil {
		return err
	}
	s.Log.Info("device registered", "id", d.ID, "site", d.Site, "kind", d.Kind, "by", a.ID())
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"id": d.ID, "token": token, "device": d, "pair_code": code})
}

func (s *Server) deleteDevice(c *fiber.Ctx) error {
	d, err := s.accounts.RevokeDevice(c.UserContext(), actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	s.Log.Info("device revoked", "id", d.ID, "by", actor(c).ID())
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
