package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"luot/config"
	"luot/server/queue"
	"luot/server/store"
)

// demoBranch is the branch whose counters get demo officers besides the centre's; its first
// reception point gets them too.
const demoBranch = "cn-thu-dau-mot"

// password returns a random password that is easy to type: 12 characters of a-z and 2-7.
func password() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))[:12]
}

// demoSites are the sites the demo staffs: the centre, one branch and its first reception
// point (a ward's), so that every kind of site can be tried.
func demoSites(org *config.Org) []*config.Site {
	sites := append([]*config.Site{}, org.Roots()...)
	if b := org.Site(demoBranch); b != nil {
		sites = append(sites, b)
		for _, c := range org.Children(b.ID) {
			if c.Kind == config.KindPoint {
				sites = append(sites, c)
				break
			}
		}
	}
	return sites
}

// demo creates demo accounts (an admin, a supervisor, an officer for every counter of the
// centre, of one branch and of one ward's point) and devices (a kiosk and a display of each,
// a rating panel of the centre's first counter), all with fresh random secrets, and prints
// them with every page's URL.
func demo(ctx context.Context, getenv func(string) string, stdout, stderr io.Writer) error {
	settings, org, st, err := setup(getenv)
	if err != nil {
		return err
	}
	defer st.Client().Close()
	// Redis down: say so at once. Past this, each command has the client's own timeouts,
	// and the bcrypt hashes of some thirty accounts take what they take on a small machine.
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := st.Ping(pctx); err != nil {
		return err
	}
	if err := checkSchema(ctx, st, newLogger(settings, stderr)); err != nil {
		return err
	}
	sites := demoSites(org)
	if len(sites) == 0 {
		return fmt.Errorf("the organisation has no site")
	}
	base := strings.TrimRight(settings.PublicURL, "/")
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)

	fmt.Fprintf(w, "\nLượt — %s\n", org.Name)
	fmt.Fprintf(w, "\nPages\n")
	fmt.Fprintf(tw, "  counter workstation\t%s/counter/\n", base)
	fmt.Fprintf(tw, "  administration, reports\t%s/admin/\n", base)
	fmt.Fprintf(tw, "  transparency page (public)\t%s/public/\n", base)
	fmt.Fprintf(tw, "  remote numbers and appointments\t%s/book/  (with LUOT_NOTIFY=log the one-time codes are in the server's log: msg=notify)\n", base)
	fmt.Fprintf(tw, "  API\t%s/api/v1/sites\n", base)
	fmt.Fprintf(tw, "  health, readiness, metrics\t%s/healthz  %s/readyz  %s/metrics\n", base, base, base)
	tw.Flush()

	fmt.Fprintf(w, "\nAccounts (username / password)\n")
	if settings.AdminPassword != "" {
		fmt.Fprintf(tw, "  admin\t%s\tadministrator (LUOT_ADMIN_PASSWORD)\n", settings.AdminPassword)
	}
	siteIDs := make([]string, len(sites))
	for i, s := range sites {
		siteIDs[i] = s.ID
	}
	sup := password()
	if err := setUser(ctx, st, store.User{Username: "giamsat", FullName: "Giám sát viên", Role: queue.RoleSupervisor, Sites: siteIDs}, sup); err != nil {
		return err
	}
	fmt.Fprintf(tw, "  giamsat\t%s\tsupervisor of %s\n", sup, strings.Join(siteIDs, ", "))
	for _, s := range sites {
		for _, c := range s.Counters {
			name := s.ID + "-" + c.ID
			pw := password()
			u := store.User{Username: name, FullName: fmt.Sprintf("Cán bộ %s, %s", c.Name, s.Name), Role: queue.RoleOfficer, Sites: []string{s.ID}}
			if err := setUser(ctx, st, u, pw); err != nil {
				return err
			}
			fmt.Fprintf(tw, "  %s\t%s\tofficer, %s — %s\n", name, pw, s.Name, c.Name)
		}
	}
	tw.Flush()

	fmt.Fprintf(w, "\nDevices (open the URL on the device once; it keeps its token)\n")
	for _, s := range sites {
		for _, kind := range []string{queue.DeviceKiosk, queue.DeviceDisplay} {
			tok, err := demoDevice(ctx, st, s, kind, "")
			if err != nil {
				return err
			}
			fmt.Fprintf(tw, "  %s %s\t%s/%s/#pair=%s\t%s\n", kind, s.ID, base, kind, tok, s.Name)
		}
	}
	if first := sites[0]; len(first.Counters) > 0 {
		c := first.Counters[0]
		tok, err := demoDevice(ctx, st, first, queue.DeviceRating, c.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "  rating %s %s\t%s/rate/#pair=%s\t%s\n", first.ID, c.ID, base, tok, c.Name)
		fmt.Fprintf(tw, "  counter display %s %s\t%s/display/counter/%s?site=%s\t%s\n", first.ID, c.ID, base, c.ID, first.ID, c.Name)
	}
	tw.Flush()
	// last, where the eye lands: a demo at night looks broken without it
	fmt.Fprint(w, closedNotice(org, time.Now(), settings.AlwaysOpen))
	return nil
}

// closedNotice is what the demo says when every site is closed at now (a night, a Sunday, a
// holiday): the kiosks then issue nothing, which looks broken to someone trying it out.
// Empty when a site is open or opening hours are ignored.
func closedNotice(org *config.Org, now time.Time, alwaysOpen bool) string {
	if alwaysOpen || len(org.Sites) == 0 {
		return ""
	}
	var next *time.Time
	for i := range org.Sites {
		s := &org.Sites[i]
		if s.OpenAt(now) {
			return ""
		}
		if n := queue.NextOpening(s, now); n != nil && (next == nil || n.Before(*next)) {
			next = n
		}
	}
	local := now.In(org.Location)
	var b strings.Builder
	fmt.Fprintf(&b, "\n!! Every site is closed now (%s %s): kiosks show the opening hours and\n", local.Weekday(), local.Format("02/01/2006 15:04"))
	fmt.Fprintf(&b, "   issue no ticket, counters have nobody to call.")
	if next != nil {
		n := next.In(org.Location)
		fmt.Fprintf(&b, " The first site opens at %s on %s %s.", n.Format("15:04"), n.Weekday(), n.Format("02/01"))
	}
	fmt.Fprintf(&b, "\n   To try everything anyway, ignore opening hours:\n\n       LUOT_ALWAYS_OPEN=1 make run\n\n")
	fmt.Fprintf(&b, "   (or start bin/luot serve with LUOT_ALWAYS_OPEN=1).\n")
	return b.String()
}

func demoDevice(ctx context.Context, st *store.Store, s *config.Site, kind, counter string) (string, error) {
	id := "demo-" + kind + "-" + s.ID
	if counter != "" {
		id += "-" + counter
	}
	if _, err := st.Device(ctx, id); err == nil {
		if err := st.DeleteDevice(ctx, id); err != nil {
			return "", err
		}
	}
	token := "d_" + password() + password() + password()
	d := store.Device{ID: id, Site: s.ID, Kind: kind, Counter: counter, Name: "Demo " + kind + " " + s.Name, CreatedAt: time.Now(), CreatedBy: "demo"}
	return token, st.CreateDevice(ctx, d, token)
}
