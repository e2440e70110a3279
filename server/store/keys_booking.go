package store

// Keys of remote numbers and appointments (bookings.go). Those of a site carry its hash tag:
//
//	luot:{site}:bk:<booking>                 hash   a booking (phone kept for its notifications)
//	luot:{site}:bkcode                       hash   check-in code → booking, of open bookings (codes unique among them)
//	luot:{site}:bkdone:<day>                 hash   check-in code → booking, closed, of a day (clear answers at the kiosk)
//	luot:{site}:bkday:<YYYY-MM-DD>           zset   bookings of a day, by the slot's start (minutes)
//	luot:{site}:slot:<service>:<date>:<start> int   places taken of a slot
//	luot:{site}:aprank:<day>                 hash   late check-ins ranked behind one issue order (checkin.lua)
//	luot:{site}:apwait:<day>                 zset   appointments checked in before their slot's start, by the start
//
// The limits per person and the one-time codes are of no site:
//
//	luot:{person:<hash>}:<date>              hash   a person's remote numbers and appointments of a day
//	luot:{otp}:c:<phone hash>                hash   a phone's one-time code (its SHA-256) and wrong tries
//	luot:{otp}:p:<phone hash>                int    codes sent to a phone in the window
//	luot:{otp}:a:<address>                   int    codes asked from an address in the window

func bookingKey(site, id string) string { return SitePrefix(site) + "bk:" + id }
func bookingDayKey(site, date string) string {
	return SitePrefix(site) + "bkday:" + date
}
func slotKey(site, service, date, start string) string {
	return SitePrefix(site) + "slot:" + service + ":" + date + ":" + start
}
func bookingCodesKey(site string) string { return SitePrefix(site) + "bkcode" }
func bookingsDoneKey(site, day string) string {
	return SitePrefix(site) + "bkdone:" + day
}

// apwaitKey is a day's appointments checked in before their slot's start, by the start (ms);
// aprankKey the ranks given on a day behind one issue order (checkin.lua, lib.lua's place_due).
func apwaitKey(site, day string) string { return SitePrefix(site) + "apwait:" + day }
func aprankKey(site, day string) string { return SitePrefix(site) + "aprank:" + day }

func personKey(hash, date string) string  { return "luot:{person:" + hash + "}:" + date }
func otpCodeKey(phoneHash string) string  { return "luot:{otp}:c:" + phoneHash }
func otpPhoneKey(phoneHash string) string { return "luot:{otp}:p:" + phoneHash }
func otpAddrKey(addr string) string       { return "luot:{otp}:a:" + addr }

// watchKey is a site's tickets of a day (YYYYMMDD) whose citizen is told of their turn
// (remote numbers and appointments): ticket id → phone, kept two days at most.
func watchKey(site, day string) string { return SitePrefix(site) + "watch:" + day }
