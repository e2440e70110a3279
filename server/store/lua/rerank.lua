-- rerank.lua: appointments checked in before their slot's start wait behind every ticket
-- (checkin.lua); once the slot has begun, each takes its place as if issued at the start:
-- just behind the last ticket of the day issued before it, in check-in order.
-- KEYS[1..5] the header of base.lua, then KEYS[6] the day's early appointments (apwait)
--   KEYS[7] the day's tickets   KEYS[8] the ranks of the day's places (aprank)
-- ARGV[1..5] the header of lib.lua.
-- Returns {placed (how many tickets it placed)}. Each placed ticket gets a ticket.ranked event.
return cjson.encode({placed = place_due(KEYS[6], KEYS[7], KEYS[8])})
