-- missed.lua: a booking not checked in by the end of its grace becomes missed; its code is
-- free again for other bookings.
-- KEYS[1..5] the header of base.lua, then KEYS[6] the booking, KEYS[7] the open
-- bookings' codes (bkcode); its day's closed codes (bkdone) are found in the booking (k()).
-- ARGV[1] the site's key prefix, ARGV[2] booking id.
-- Returns {changed (false when the booking is not booked, or gone)}.
local key, codes_key = KEYS[6], KEYS[7]
local b = hgetall(key)
if not b or b.status ~= 'booked' then return cjson.encode({changed = false}) end
redis.call('HSET', key, 'status', 'missed')
if redis.call('HGET', codes_key, b.code) == ARGV[2] then
  redis.call('HDEL', codes_key, b.code)
  local done = k('bkdone', (string.gsub(b.date, '-', '')))
  redis.call('HSET', done, b.code, ARGV[2])
  redis.call('EXPIRE', done, 172800)
end
return cjson.encode({changed = true})
