package store

import "strings"

// Keys of one site carry the site as a Redis Cluster hash tag, so every key a script touches
// lives in one slot. Each shape is written once, here (and in keys_booking.go,
// keys_report.go): a script gets in KEYS every key whose name is known before the call, built
// by these builders (calls.go); only the keys it derives from data it reads — a ticket's
// record and history, the queue of a ticket's service or reserved counter, a counter's queues
// found in its record, the figures of a ticket's day, a booking found by its code — does it
// build itself, from SitePrefix, with lua/base.lua's one helper k(). TestLuaKeysMatchGo proves
// that k() and these builders name the same keys. A new shape also goes into keys_backup.go
// (what a backup keeps, which keys a transition may create), and a changed one needs a schema
// step (schema_steps.go).
//
//	luot:{site}:t:<ticket>        hash   a ticket (with what its report record needs, lua/figures.lua)
//	luot:{site}:h:<ticket>        list   its history (JSON events)
//	luot:{site}:q:<service>       zset   waiting tickets of a service, by class and issue order
//	luot:{site}:r:<counter>       zset   waiting tickets reserved for a counter
//	luot:{site}:c:<counter>       hash   a counter's live state
//	luot:{site}:w                 hash   waiting count per service
//	luot:{site}:open              hash   open counters per service, kept a minute (lua/base.lua)
//	luot:{site}:events            stream the site's event log
//	luot:{site}:moved             sharded pub/sub channel: the id of each new event (follow.go)
//	luot:{site}:seq:<prefix>:<day> int   last number of a prefix on a local day
//	luot:{site}:n:<service>:<day>  int   tickets issued for a service on a day (quota)
//	luot:{site}:order             int    issue order across the site's services
//	luot:{site}:day:<day>         zset   tickets issued on a day, by issue order
//	luot:{site}:idem:<caller>|<key> string the ticket an idempotency key created
//	luot:{site}:svcmin            hash   moving average of service minutes per service
//	luot:{site}:kiosk:<device>    zset   a kiosk's tickets of the last minute, by issue time
//
// The keys of the reports' figures, the number index and the rollup are in keys_report.go.

// SitePrefix is the prefix of every key of a site.
func SitePrefix(site string) string { return "luot:{" + site + "}:" }

func streamKey(site string) string            { return SitePrefix(site) + "events" }
func movedChannel(site string) string         { return SitePrefix(site) + "moved" }
func ticketKey(site, id string) string        { return SitePrefix(site) + "t:" + id }
func historyKey(site, id string) string       { return SitePrefix(site) + "h:" + id }
func counterKey(site, id string) string       { return SitePrefix(site) + "c:" + id }
func queueKey(site, service string) string    { return SitePrefix(site) + "q:" + service }
func dayKey(site, day string) string          { return SitePrefix(site) + "day:" + day }
func reservedKey(site, counter string) string { return SitePrefix(site) + "r:" + counter }
func waitingKey(site string) string           { return SitePrefix(site) + "w" }
func openKey(site string) string              { return SitePrefix(site) + "open" }
func svcminKey(site string) string            { return SitePrefix(site) + "svcmin" }
func orderKey(site string) string             { return SitePrefix(site) + "order" }
func kioskKey(site, device string) string     { return SitePrefix(site) + "kiosk:" + device }

// seqKey is the last number of a prefix on a local day; issuedKey the tickets issued for a
// service on a local day (its quota).
func seqKey(site, prefix, day string) string { return SitePrefix(site) + "seq:" + prefix + ":" + day }
func issuedKey(site, service, day string) string {
	return SitePrefix(site) + "n:" + service + ":" + day
}

// idempotencyKey is the key that holds the ticket a caller's idempotency key created.
func idempotencyKey(site, caller, key string) string {
	return SitePrefix(site) + "idem:" + idemSuffix(caller, key)
}

// idemSuffix is the idempotency part of a key: the caller and its key, which the script
// appends after "idem:".
func idemSuffix(caller, key string) string {
	if key == "" {
		return ""
	}
	return caller + "|" + key
}

// Users and devices — a country's staff and screens, some tens of thousands — keep the hash
// tag {auth}: their records, lists, pairing codes and login attempts (lua/login.lua,
// lua/pair.lua). A token's own keys, the login session and a device's token, carry a tag
// derived from the token's hash instead, luot:{auth:<first 3 hex of its SHA-256>}:…, one of
// 4,096 groups spread over the cluster's slots: resolving a token (lua/auth.lua) runs in the
// token's slot, then reads its user or device by key (tokens.go). What ends a token is
// written in {auth} and checked at every resolution: a session holds its user's generation
// (a reset, a disable or a delete changes or removes it), a device's record names its one
// valid token (re-pairing or deleting it changes or removes it).
//
//	luot:{auth}:user:<name>          hash   a user (with gen, the generation of their sessions)
//	luot:{auth}:users                set    every username
//	luot:{auth}:device:<id>          hash   a device (token: the hash of its one valid token)
//	luot:{auth}:devices              set    every device id
//	luot:{auth}:paircode:<code>      string → the device a pairing code names, for 10 minutes
//	luot:{auth}:devpair:<id>         string → the device's live code
//	luot:{auth}:pairtry:<who>        int    attempts at pairing codes
//	luot:{auth}:loginfail:<who>      int    login attempts
//	luot:{auth}:revoked              sharded channel: what ended a token (tokencache.go)
//	luot:{auth:<tag>}:session:<hash> hash   a login session: username, gen, csrf; expires
//	luot:{auth:<tag>}:devtoken:<hash> string → the device id of a token
//
// Before schema version 2 sessions and device tokens were luot:{auth}:session:<hash> and
// luot:{auth}:devtoken:<hash> (legacySessionKey, legacyDeviceTokenKey: schema_v2_token_slots.go
// moves them).
const authPrefix = "luot:{auth}:"

// tokenTagLen is how many hex digits of a token's hash name its group: 3, 4,096 groups.
const tokenTagLen = 3

// tokenPrefix is the prefix of the keys of a token, by the token's hash.
func tokenPrefix(hash string) string {
	tag := hash
	if len(tag) > tokenTagLen {
		tag = tag[:tokenTagLen]
	}
	return "luot:{auth:" + tag + "}:"
}

func userKey(name string) string        { return authPrefix + "user:" + strings.ToLower(name) }
func sessionKey(hash string) string     { return tokenPrefix(hash) + "session:" + hash }
func deviceKey(id string) string        { return authPrefix + "device:" + id }
func deviceTokenKey(hash string) string { return tokenPrefix(hash) + "devtoken:" + hash }
func loginFailKey(who string) string    { return authPrefix + "loginfail:" + who }
func pairCodeKey(code string) string    { return authPrefix + "paircode:" + code } // → device id, for 10 minutes
func devicePairKey(id string) string    { return authPrefix + "devpair:" + id }    // → the device's live code
func pairTryKey(who string) string      { return authPrefix + "pairtry:" + who }   // attempts at codes
func officerKey(name string) string     { return "luot:officer:" + strings.ToLower(name) }

// The shapes of schema version 1, which the step to version 2 moves.
func legacySessionKey(hash string) string     { return authPrefix + "session:" + hash }
func legacyDeviceTokenKey(hash string) string { return authPrefix + "devtoken:" + hash }

const (
	usersKey   = authPrefix + "users"
	devicesKey = authPrefix + "devices"
)
