-- unbook.lua: cancel a booked appointment; its slot's place is free again.
-- KEYS[1..5] the header of base.lua, then KEYS[6] the booking, KEYS[7] the open
-- bookings' codes (bkcode); its slot and its day's closed codes (bkdone) are found in the
-- booking (k()). ARGV[1] the site's key prefix, then:
--   ARGV[2] booking id   ARGV[3] who cancels   ARGV[4] now (Unix ms)
--   ARGV[5] the slot's start (Unix ms): a citizen may cancel only before it
--   ARGV[6] "1" when staff cancel (at any time), else ""
-- Returns {booking (its fields after the change)}.
-- Errors: unknown_booking, not_booked (cancelled, checked in or missed), slot_started.
local id, by, now, starts, staff = ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6] == '1'
local key, codes_key = KEYS[6], KEYS[7]
local b = hgetall(key)
if not b then return redis.error_reply('unknown_booking') end
if b.status ~= 'booked' then return redis.error_reply('not_booked') end
if not staff and now >= starts then return redis.error_reply('slot_started') end
redis.call('HSET', key, 'status', 'cancelled', 'cancelled_at', now, 'cancelled_by', by)
local slot = k('slot', b.service, b.date, b.start)
if tonumber(redis.call('GET', slot) or '0') > 0 then redis.call('DECR', slot) end
if redis.call('HGET', codes_key, b.code) == id then
  redis.call('HDEL', codes_key, b.code)
  local done = k('bkdone', (string.gsub(b.date, '-', '')))
  redis.call('HSET', done, b.code, id)
  redis.call('EXPIRE', done, 172800)
end
return cjson.encode({booking = hgetall(key)})
