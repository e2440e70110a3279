package live

import "strings"

// The hub's topics: each carries the messages of one audience, encoded for it, so that a
// connection writes what it gets without choosing (and the feed encodes an audience only
// when someone follows it). A site's public feed is the site's id; its staff feed the id
// and "|staff"; a scope of the province board "|board|" and its number (board_feed.go).
const (
	staffSuffix = "|staff"
	boardPrefix = "|board|"
)

// topic is the hub's topic of a site's feed for an audience.
func topic(site string, aud Audience) string {
	if aud == Staff {
		return site + staffSuffix
	}
	return site
}

// TopicSite is the site a hub topic belongs to ("" for the province board's), for the
// metrics of the hub's drops.
func TopicSite(topic string) string {
	site, _, _ := strings.Cut(topic, "|")
	return site
}
