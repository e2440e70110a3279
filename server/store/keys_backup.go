package store

import "strings"

// What a backup keeps of the keys of keys.go, keys_report.go and keys_schema.go, and which
// keys a transition may create: a new key shape belongs here too.
//
// Kept: every luot: key with its expiry — tickets and histories, queues, counters, sequences,
// quotas, idempotency keys, the days' report figures and number indexes, aggregates, users,
// devices and their tokens (luot:{auth:<tag>}:devtoken:…, in their token's slot), the rollup
// marks and the schema version.
//
// Left out:
//   - officers' counter locks (luot:officer:<name>): a restore rebuilds them from the
//     counters, which a backup reads consistently with the rest of their site;
//   - sessions: everyone signs in again after a restore; a restored session could be one
//     its user signed out of, or an admin ended, after the backup;
//   - login-failure counters and the rollup's locks: minutes-long, meaningless elsewhere;
//   - the sites' event streams: they serve displays' replay after a short disconnection
//     (within a day), and the histories keep every ticket's events. A restore marks each
//     site's stream as trimmed past its old events, so a client reconnecting with an older
//     since= takes a fresh snapshot (Store.MarkRestored).

// leftOutOfBackup reports whether a backup leaves a key out.
func leftOutOfBackup(key string) bool {
	switch {
	case strings.HasPrefix(key, authPrefix+"loginfail:"),
		strings.HasPrefix(key, "luot:rollup:lock:"), strings.HasPrefix(key, officerKey("")):
		return true
	}
	if kind, _ := tokenOfKey(key); kind == "session" {
		return true
	}
	_, rest, ok := siteOfKey(key)
	return ok && rest == "events"
}

// siteOfKey splits a key of a site "luot:{site}:rest" (not the keys of {auth} and of the
// tokens' groups {auth:<tag>}).
func siteOfKey(key string) (site, rest string, ok bool) {
	tagged, found := strings.CutPrefix(key, "luot:{")
	if !found {
		return "", "", false
	}
	site, rest, found = strings.Cut(tagged, "}:")
	if !found || site == "auth" || strings.HasPrefix(site, "auth:") {
		return "", "", false
	}
	return site, rest, true
}

// ticketRecord reports whether rest (a key of a site without its prefix) is a ticket's
// record or history: the keys only a transition naming the ticket in its event changes.
// Every other key of a site (queues, counters, sequences…) is re-read in a backup's
// consistent pass.
func ticketRecord(rest string) bool {
	return strings.HasPrefix(rest, "t:") || strings.HasPrefix(rest, "h:")
}

// siteFixedKeys are the keys of a site a transition may create that no event names.
func siteFixedKeys(site string) []string {
	return []string{waitingKey(site), svcminKey(site), orderKey(site), openKey(site), bookingCodesKey(site)} // bkcode: check-in (keys_booking.go)
}

// eventKeyShapes are the keys of a site that the transition which wrote an event may have
// created or changed, as templates over the event's fields (lib.lua's emit) for settle.lua:
// "e|…" over the event's own fields, "t|…" over each ticket it carries, <field> a field. They
// are the ticket's record and history, its day's list, number index, report figures,
// sequence and quota count, its queue or reserved set, and the counter.
var eventKeyShapes = func() []string {
	rel := func(key string) string { return strings.TrimPrefix(key, SitePrefix("")) }
	shapes := []string{
		"e|" + rel(counterKey("", "<counter>")), "e|" + rel(reservedKey("", "<counter>")),
		"t|" + rel(ticketKey("", "<id>")), "t|" + rel(historyKey("", "<id>")),
		"t|" + rel(queueKey("", "<service>")), "t|" + rel(reservedKey("", "<reserved>")),
		"t|" + rel(counterKey("", "<counter>")), "t|" + rel(SitePrefix("")+"idem:<idem>"),
		"t|" + rel(dayKey("", "<day>")), "t|" + rel(numberKey("", "<day>")),
		"t|" + rel(issuedKey("", "<service>", "<day>")), "t|" + rel(seqKey("", "<prefix>", "<day>")),
	}
	// an appointment's check-in (checkin.lua, rerank.lua) also changes its booking and the day's ranks
	shapes = append(shapes, "t|"+rel(bookingKey("", "<booking>")), "t|"+rel(aprankKey("", "<day>")),
		"t|"+rel(apwaitKey("", "<day>")), "t|"+rel(bookingsDoneKey("", "<day>")))
	for _, d := range figureDimensions {
		shapes = append(shapes, "t|"+rel(figuresKey("", "<day>", d)))
	}
	return shapes
}()

// tokenOfKey tells a key of a token — a login session's or a device token's, of schema
// version 2 (luot:{auth:<tag>}:…) or 1 (luot:{auth}:…) — and the token's hash.
func tokenOfKey(key string) (kind, hash string) {
	rest, ok := strings.CutPrefix(key, authPrefix)
	if !ok {
		tagged, found := strings.CutPrefix(key, "luot:{auth:")
		if !found {
			return "", ""
		}
		if _, rest, found = strings.Cut(tagged, "}:"); !found {
			return "", ""
		}
	}
	for _, kind := range []string{"session", "devtoken"} {
		if h, ok := strings.CutPrefix(rest, kind+":"); ok && h != "" {
			return kind, h
		}
	}
	return "", ""
}

// revocationOf is what a restore that writes or deletes key publishes on the revocation
// channel (tokencache.go), so that running instances forget what they cached of it:
// "t:<hash>" for a token's key, "u:<name>" for a user, "d:<id>" for a device; "" for any
// other key.
func revocationOf(key string) string {
	if _, h := tokenOfKey(key); h != "" {
		return "t:" + h
	}
	if name, ok := strings.CutPrefix(key, userKey("")); ok && name != "" {
		return "u:" + name
	}
	if id, ok := strings.CutPrefix(key, deviceKey("")); ok && id != "" {
		return "d:" + id
	}
	return ""
}
