package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"luot/config"
	"luot/server/queue"
	"luot/server/store"
)

// checkConfig validates an organisation file and prints what it holds.
func checkConfig(args []string, getenv func(string) string, stdout io.Writer) error {
	path := getenv("LUOT_CONFIG")
	if len(args) > 0 {
		path = args[0]
	}
	if path == "" {
		path = "config/binhduong.yaml"
	}
	org, err := config.Load(path)
	if err != nil {
		return err
	}
	kinds := map[string]int{}
	counters := 0
	for _, s := range org.Sites {
		kinds[s.Kind]++
		counters += len(s.Counters)
	}
	fmt.Fprintf(stdout, "%s: ok — %s: %d sites (%d centre, %d branches, %d points), %d services, %d counters\n",
		path, org.Name, len(org.Sites), kinds[config.KindCentre], kinds[config.KindBranch], kinds[config.KindPoint], len(org.Services), counters)
	return nil
}

// userCommand creates or updates a user; the password is the first line of stdin.
func userCommand(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) < 2 {
		return fmt.Errorf("usage: luot user USERNAME ROLE [SITE,...] < password")
	}
	name, role := strings.ToLower(args[0]), queue.Role(args[1])
	if role != queue.RoleAdmin && role != queue.RoleSupervisor && role != queue.RoleOfficer {
		return fmt.Errorf("role must be admin, supervisor or officer")
	}
	_, org, st, err := toolSetup(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer st.Client().Close()
	sites := []string{}
	if len(args) > 2 {
		for _, s := range strings.Split(args[2], ",") {
			if org.Site(s) == nil {
				return fmt.Errorf("no site %q", s)
			}
			sites = append(sites, s)
		}
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return fmt.Errorf("read the password from standard input: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if len(pw) < 8 {
		return fmt.Errorf("the password needs at least 8 characters")
	}
	if err := setUser(ctx, st, store.User{Username: name, FullName: name, Role: role, Sites: sites}, pw); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "user %s (%s) saved\n", name, role)
	return nil
}
