package queue

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/text/unicode/norm"

	"luot/config"
)

// AccountStore keeps the admin area's users and devices (server/store is one).
type AccountStore interface {
	Users(ctx context.Context) ([]*User, error)
	User(ctx context.Context, name string) (*User, error)
	CreateUser(ctx context.Context, u User) error
	PutUser(ctx context.Context, u User) error
	DeleteUser(ctx context.Context, name string) error
	Devices(ctx context.Context) ([]*Device, error)
	Device(ctx context.Context, id string) (*Device, error)
	CreateDevice(ctx context.Context, d Device, token string) error
	DeleteDevice(ctx context.Context, id string) error
}

// Accounts are the rules of the admin area's users and devices: what a valid account is, who
// may register, see and revoke which, and which changes end a user's sessions. Each method
// takes the actor and authorises before it touches the store.
type Accounts struct {
	Store AccountStore
	Org   func() *config.Org
	Now   func() time.Time
}

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,31}$`)

// UserChange is a user as the admin area sends it; an empty Password, Role or FullName and a
// nil Sites or Disabled mean "unchanged" in an update.
type UserChange struct {
	Username string   `json:"username"`
	FullName string   `json:"full_name"`
	Password string   `json:"password"`
	Role     string   `json:"role"`
	Sites    []string `json:"sites"`
	Disabled *bool    `json:"disabled"`
}

// Text is s as the accounts keep a name: trimmed, in NFC.
func Text(s string) string { return strings.TrimSpace(norm.NFC.String(s)) }

// check validates ch (normalising its names); creating requires the username, name, password
// and role.
func (x *Accounts) check(ch *UserChange, creating bool) error {
	ch.FullName = Text(ch.FullName)
	if creating {
		ch.Username = strings.ToLower(strings.TrimSpace(ch.Username))
		if !usernamePattern.MatchString(ch.Username) {
			return Fail("bad_username", "username: 2–32 of a-z 0-9 . _ -, starting with a letter or digit")
		}
		if ch.FullName == "" {
			return Fail("bad_full_name", "full_name is required")
		}
	}
	if utf8.RuneCountInString(ch.FullName) > 100 {
		return Fail("bad_full_name", "full_name is longer than 100 characters")
	}
	if (creating || ch.Password != "") && (len(ch.Password) < 8 || len(ch.Password) > 72) {
		return Fail("bad_password", "password: 8 to 72 bytes")
	}
	if creating || ch.Role != "" {
		if !slices.Contains([]Role{RoleAdmin, RoleSupervisor, RoleOfficer}, Role(ch.Role)) {
			return Fail("bad_role", "role: admin, supervisor or officer")
		}
	}
	for _, site := range ch.Sites {
		if x.Org().Site(site) == nil {
			return Fail("invalid_site", fmt.Sprintf("no site %q", site))
		}
	}
	return nil
}

// Users lists every account (admins).
func (x *Accounts) Users(ctx context.Context, a Actor) ([]*User, error) {
	if err := a.Admin(); err != nil {
		return nil, err
	}
	return x.Store.Users(ctx)
}

// CreateUser adds an account (admins).
func (x *Accounts) CreateUser(ctx context.Context, a Actor, ch UserChange) (*User, error) {
	if err := a.Admin(); err != nil {
		return nil, err
	}
	if err := x.check(&ch, true); err != nil {
		return nil, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(ch.Password), bcrypt.DefaultCost)
	if err != nil {
		return nil, err
	}
	u := User{Username: ch.Username, FullName: ch.FullName, Role: Role(ch.Role), Sites: ch.Sites, Hash: string(hash)}
	if u.Sites == nil {
		u.Sites = []string{}
	}
	if err := x.Store.CreateUser(ctx, u); err != nil {
		return nil, err
	}
	return &u, nil
}

// UpdateUser changes a user's name, role, sites, password or disabled flag (admins). Disabling,
// enabling or a new password starts a new generation: every session of the user ends, and
// none comes back with an enable.
func (x *Accounts) UpdateUser(ctx context.Context, a Actor, name string, ch UserChange) (*User, error) {
	if err := a.Admin(); err != nil {
		return nil, err
	}
	if err := x.check(&ch, false); err != nil {
		return nil, err
	}
	u, err := x.Store.User(ctx, name)
	if err != nil {
		return nil, err
	}
	if ch.FullName != "" {
		u.FullName = ch.FullName
	}
	if ch.Role != "" {
		u.Role = Role(ch.Role)
	}
	if ch.Sites != nil {
		u.Sites = ch.Sites
	}
	if ch.Disabled != nil && *ch.Disabled != u.Disabled {
		u.Disabled = *ch.Disabled
		u.Gen = ""
	}
	if ch.Password != "" {
		hash, err := bcrypt.GenerateFromPassword([]byte(ch.Password), bcrypt.DefaultCost)
		if err != nil {
			return nil, err
		}
		u.Hash = string(hash)
		u.Gen = ""
	}
	if err := x.Store.PutUser(ctx, *u); err != nil {
		return nil, err
	}
	return u, nil
}

// DeleteUser removes an account (admins), never the actor's own.
func (x *Accounts) DeleteUser(ctx context.Context, a Actor, name string) error {
	if err := a.Admin(); err != nil {
		return err
	}
	name = strings.ToLower(name)
	if name == strings.ToLower(a.User) {
		return Fail("delete_self", "you cannot delete your own account")
	}
	return x.Store.DeleteUser(ctx, name)
}

// Devices lists the devices of the sites a sees.
func (x *Accounts) Devices(ctx context.Context, a Actor) ([]*Device, error) {
	if err := a.Staff(); err != nil {
		return nil, err
	}
	all, err := x.Store.Devices(ctx)
	if err != nil {
		return nil, err
	}
	out, org := []*Device{}, x.Org()
	for _, d := range all {
		if a.Sees(org, d.Site) {
			out = append(out, d)
		}
	}
	return out, nil
}

// DeviceSpec is a device as the admin area registers it.
type DeviceSpec struct {
	Site    string `json:"site"`
	Kind    string `json:"kind"`
	Counter string `json:"counter"`
	Name    string `json:"name"`
}

// RegisterDevice registers a kiosk, display or rating panel of a site a sees, under id with
// token as its credential.
func (x *Accounts) RegisterDevice(ctx context.Context, a Actor, spec DeviceSpec, id, token string) (*Device, error) {
	org := x.Org()
	if err := a.Refused(a.Sees(org, spec.Site)); err != nil {
		return nil, err
	}
	site := org.Site(spec.Site)
	if site == nil {
		return nil, Fail("invalid_site", fmt.Sprintf("no site %q", spec.Site))
	}
	switch spec.Kind {
	case DeviceKiosk, DeviceDisplay:
		spec.Counter = ""
	case DeviceRating:
		if site.Counter(spec.Counter) == nil {
			return nil, Fail("invalid_counter", "a rating panel needs a counter of its site")
		}
	default:
		return nil, Fail("bad_kind", "kind: kiosk, display or rating")
	}
	spec.Name = Text(spec.Name)
	if spec.Name == "" || utf8.RuneCountInString(spec.Name) > 100 {
		return nil, Fail("bad_name", "name: 1 to 100 characters")
	}
	d := Device{ID: id, Site: spec.Site, Kind: spec.Kind, Counter: spec.Counter,
		Name: spec.Name, CreatedAt: x.Now(), CreatedBy: a.ID()}
	if err := x.Store.CreateDevice(ctx, d, token); err != nil {
		return nil, err
	}
	return &d, nil
}

// Device is the device of id when a user who oversees its site asks (to pair it again or
// revoke it).
func (x *Accounts) Device(ctx context.Context, a Actor, id string) (*Device, error) {
	if !a.IsUser() {
		return nil, a.Refused(false)
	}
	d, err := x.Store.Device(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.Sees(x.Org(), d.Site) {
		return nil, ErrForbidden
	}
	return d, nil
}

// RevokeDevice deletes the device of id, and with it its token, for a user who oversees its site.
func (x *Accounts) RevokeDevice(ctx context.Context, a Actor, id string) (*Device, error) {
	d, err := x.Device(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return d, x.Store.DeleteDevice(ctx, d.ID)
}
