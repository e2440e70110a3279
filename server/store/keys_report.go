package store

// Keys of the reports and the end-of-day rollup (the other keys are in keys.go).
//
//	luot:{site}:agg:<day>      hash   a site's aggregate of a closed local day, field → JSON
//	                                  (package report: total, service, counter, officer, hour);
//	                                  kept for good, as tickets expire
//	luot:rollup:done           hash   local day YYYYMMDD → Unix ms when it was rolled up
//	luot:rollup:lock:<day>     string the instance rolling a day up (expires by itself)

func aggKey(site, day string) string { return SitePrefix(site) + "agg:" + day }

const rollupDoneKey = "luot:rollup:done"

func rollupLockKey(day string) string { return "luot:rollup:lock:" + day }
