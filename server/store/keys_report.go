package store

// Keys of the reports and the end-of-day rollup (the other keys are in keys.go).
//
//	luot:{site}:fig:<day>:<dimension> hash  the report figures of a site's local day, kept as
//	                                  events happen (lua/figures.lua): dimension service,
//	                                  counter, officer or hour, fields "<key>|<figure>" →
//	                                  count (package report reads them); dimension total,
//	                                  field "|issued": the tickets they cover. They live the
//	                                  tickets' lifetime and a day from the day's first
//	                                  ticket: longer than any ticket of the day, and than
//	                                  the rollup's catch-up
//	luot:{site}:num:<day>      hash   ticket number → id, of the tickets issued on a local day
//	                                  (the search of a waiting number); expires with them
//	luot:{site}:agg:<day>      hash   a site's aggregate of a closed local day, field → JSON
//	                                  (package report: total, service, counter, officer, hour);
//	                                  kept for good, as tickets expire
//	luot:rollup:done           hash   local day YYYYMMDD → Unix ms when it was rolled up
//	luot:rollup:lock:<day>     string the instance rolling a day up (expires by itself)

func aggKey(site, day string) string { return SitePrefix(site) + "agg:" + day }

func figuresKey(site, day, dimension string) string {
	return SitePrefix(site) + "fig:" + day + ":" + dimension
}

func numberKey(site, day string) string { return SitePrefix(site) + "num:" + day }

const rollupDoneKey = "luot:rollup:done"

func rollupLockKey(day string) string { return "luot:rollup:lock:" + day }
