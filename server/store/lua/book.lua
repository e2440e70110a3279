-- book.lua: book one place of a slot, never more places than the slot has.
-- KEYS[1] the site's stream (names the slot). ARGV[1] the site's key prefix, then:
--   ARGV[2] booking id   ARGV[3] check-in code   ARGV[4] service   ARGV[5] date YYYY-MM-DD
--   ARGV[6] slot start "08:30"   ARGV[7] slot capacity   ARGV[8] TTL of the records (s)
--   ARGV[9] the booking as JSON (a flat object of strings: its hash fields)
--   ARGV[10] the slot's start, minutes since local midnight (the day index's score)
-- Returns the number of places taken after this one.
-- Errors: slot_full (no place left), code_taken (the code is of another open booking:
-- the caller draws another).
local id, code, service, date, start = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local capacity, ttl = tonumber(ARGV[7]), tonumber(ARGV[8])
local slot = k('slot', service, date, start)
local taken = tonumber(redis.call('GET', slot) or '0')
if taken >= capacity then return redis.error_reply('slot_full') end
if redis.call('HEXISTS', k('bkcode'), code) == 1 then return redis.error_reply('code_taken') end
redis.call('INCR', slot)
redis.call('EXPIRE', slot, ttl)
local b = cjson.decode(ARGV[9])
local flat = {}
for f, v in pairs(b) do flat[#flat + 1] = f; flat[#flat + 1] = tostring(v) end
redis.call('HSET', k('bk', id), unpack(flat))
redis.call('EXPIRE', k('bk', id), ttl)
redis.call('HSET', k('bkcode'), code, id)
redis.call('ZADD', k('bkday', date), tonumber(ARGV[10]), id)
redis.call('EXPIRE', k('bkday', date), ttl)
return taken + 1
