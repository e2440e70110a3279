package queue

import "time"

// User is an account; the password hash never leaves the store except for checking.
type User struct {
	Username string   `json:"username"`
	FullName string   `json:"full_name"`
	Role     Role     `json:"role"`
	Sites    []string `json:"sites"`
	Disabled bool     `json:"disabled,omitempty"`
	Hash     string   `json:"-"`
	// Gen is the generation of the account's sessions: a session is valid only while the
	// user's Gen is the one it was opened under. PutUser draws a new one when it is empty,
	// which ends every session of the user at once (a reset, a disable; a user created
	// anew under a deleted name never shares the old one).
	Gen string `json:"-"`
}

// Device is a registered kiosk, display or rating panel of a site (a rating panel: of one
// counter); its token is the store's.
type Device struct {
	ID        string    `json:"id"`
	Site      string    `json:"site"`
	Kind      string    `json:"kind"`
	Counter   string    `json:"counter,omitempty"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by,omitempty"`
}
