package main

import (
	"fmt"
	"io"
)

// commandUsage is what `luot <command> -h` prints: the command's synopsis and what it does.
// loadgen adds its flags' defaults (loadgenFlags).
var commandUsage = map[string]string{
	"serve": `usage: luot serve

Runs the HTTP and websocket server. Settings come from the environment (LUOT_*, REDIS_URL;
every variable with its default is in config/example.env). It listens at once (/healthz),
then checks and migrates the store's schema, loads the Lua scripts, sets the admin account
(LUOT_ADMIN_PASSWORD) and starts the live feed; /readyz answers 200 once all of that is done,
503 "starting" with what is pending before. SIGHUP reloads the organisation file; SIGTERM or
Ctrl-C stops it gracefully.
`,
	"demo": `usage: luot demo

Creates the demo accounts (a supervisor, an officer per counter of the centre, of one branch
and of one ward's reception point) and devices (kiosks, displays, a rating panel) with new
random passwords and tokens (replacing the previous demo ones), and prints every page's URL
with the credentials. Run it against a server that is up (make run does).
`,
	"check-config": `usage: luot check-config [file]

Validates an organisation file (default: LUOT_CONFIG, else config/binhduong.yaml) and prints
what it holds; an error names the file, the line and the field. Touches nothing.
`,
	"user": `usage: luot user USERNAME ROLE [SITE,...] < password

Creates a user, or updates it and resets its password. ROLE is admin, supervisor or officer;
SITE,... the ids of the sites it works at. The password (at least 8 characters) is the first
line of standard input, so that it never shows in the process list or the shell history.
`,
	"loadgen": loadgenUsage,
	"rollup": `usage: luot rollup [YYYY-MM-DD ...]

Closes past local days (default: yesterday): rolls each up into the reports' aggregates in
Redis and writes its archive file under LUOT_ARCHIVE_DIR. Running it again is harmless. The
server does this by itself shortly after each midnight and at start for days it missed.
`,
	"backup":  backupUsage,
	"restore": restoreUsage,
}

// wantsHelp reports whether the arguments ask for help.
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

// commandHelp prints a command's usage; false for an unknown command.
func commandHelp(name string, w io.Writer) bool {
	u, ok := commandUsage[name]
	if !ok {
		return false
	}
	fmt.Fprint(w, u)
	if name == "loadgen" {
		fmt.Fprintln(w, "flags:")
		loadgenFlags(&loadgenArgs{}, w).PrintDefaults()
	}
	return true
}
