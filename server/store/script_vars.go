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
