-- missed.lua: a booking not checked in by the end of its grace becomes missed; its code is
-- free again for other bookings.
-- KEYS[1] the site's stream. ARGV[1] the site's key prefix, ARGV[2] booking id.
-- Returns 1 when changed, 0 when the booking is not booked (or gone).
local key = k('bk', ARGV[2])
local b = hgetall(key)
if not b or b.status ~= 'booked' then return 0 end
redis.call('HSET', key, 'status', 'missed')
if redis.call('HGET', k('bkcode'), b.code) == ARGV[2] then
  redis.call('HDEL', k('bkcode'), b.code)
  local done = k('bkdone', (string.gsub(b.date, '-', '')))
  redis.call('HSET', done, b.code, ARGV[2])
  redis.call('EXPIRE', done, 172800)
end
return 1
