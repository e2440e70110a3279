-- rerank.lua: appointments checked in before their slot's start wait behind every ticket
-- (checkin.lua); once the slot has begun, each takes its place as if issued at the start:
-- just behind the last ticket of the day issued before it, in check-in order.
-- KEYS[1] the site's stream. ARGV[1..5] the header of lib.lua, then:
--   ARGV[6] local day YYYYMMDD
-- Returns how many tickets it placed. Each placed ticket gets a ticket.ranked event.
return place_due(ARGV[6])
