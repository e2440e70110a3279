package store

// The scripts of the store, one typed variable each (as asynq's rdb has them): a call names
// its script, never a string to look up. Each file's header lists its KEYS, ARGV and reply.
var (
	// the transitions: a change of state and its event in one step (base, figures, lib first)
	issueScript        = mustScript("issue")
	nextScript         = mustScript("next")
	callScript         = mustScript("call")
	actOnCurrentScript = mustScript("act_on_current")
	transferScript     = mustScript("transfer")
	openScript         = mustScript("open")
	pauseResumeScript  = mustScript("pause_resume")
	closeScript        = mustScript("close")
	rateScript         = mustScript("rate")
	priorityScript     = mustScript("priority")
	cancelScript       = mustScript("cancel")

	// the appointments' transitions (bookings.go): a check-in, a postponement, a re-ranking
	checkinScript  = mustScript("checkin")
	postponeScript = mustScript("postpone")
	rerankScript   = mustScript("rerank")

	// the bookings of a site (bookings.go, watch.go; base first)
	bookScript   = mustScript("book")
	unbookScript = mustScript("unbook")
	missedScript = mustScript("missed")

	// the one-time codes and the per-person limits (standalone)
	otpScript   = mustScript("otp")
	limitScript = mustScript("limit")

	// the site's reads and the backup's consistent pass (base first)
	siteScript   = mustScript("site")
	ticketScript = mustScript("ticket")
	settleScript = mustScript("settle")

	// the scripts of no site: sessions and devices, logins, pairing codes
	authScript  = mustScript("auth")
	loginScript = mustScript("login")
	pairScript  = mustScript("pair")
)

// scriptVars are the variables of every script by name: LoadScripts loads them, and a
// benchmark may swap one for a variant (and put it back).
var scriptVars = map[string]**luaScript{
	"issue":          &issueScript,
	"next":           &nextScript,
	"call":           &callScript,
	"act_on_current": &actOnCurrentScript,
	"transfer":       &transferScript,
	"open":           &openScript,
	"pause_resume":   &pauseResumeScript,
	"close":          &closeScript,
	"rate":           &rateScript,
	"priority":       &priorityScript,
	"cancel":         &cancelScript,
	"checkin":        &checkinScript,
	"postpone":       &postponeScript,
	"rerank":         &rerankScript,
	"book":           &bookScript,
	"unbook":         &unbookScript,
	"missed":         &missedScript,
	"otp":            &otpScript,
	"limit":          &limitScript,
	"site":           &siteScript,
	"ticket":         &ticketScript,
	"auth":           &authScript,
	"login":          &loginScript,
	"pair":           &pairScript,
	"settle":         &settleScript,
	"oldest":         &oldestScript,
	"waiting":        &waitingScript,
	"schema":         &schemaScript,
}
