-- book.lua: book one place of a slot, never more places than the slot has.
-- KEYS[1..5] the header of base.lua, then KEYS[6] the slot's places taken
--   KEYS[7] the open bookings' codes (bkcode)   KEYS[8] the booking   KEYS[9] the bookings of
--   its date (bkday). ARGV[1] the site's key prefix, then:
--   ARGV[2] booking id   ARGV[3] check-in code   ARGV[4] service   ARGV[5] date YYYY-MM-DD
--   ARGV[6] slot start "08:30"   ARGV[7] slot capacity   ARGV[8] TTL of the records (s)
--   ARGV[9] the booking as JSON (a flat object of strings: its hash fields)
--   ARGV[10] the slot's start, minutes since local midnight (the day index's score)
-- Returns {taken (the places of the slot taken, this one included)}.
-- Errors: slot_full (no place left), code_taken (the code is of another open booking:
-- the caller draws another).
local id, code, service, date, start = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local capacity, ttl = tonumber(ARGV[7]), tonumber(ARGV[8])
local slot, codes_key, key, day_key = KEYS[6], KEYS[7], KEYS[8], KEYS[9]
local taken = tonumber(redis.call('GET', slot) or '0')
if taken >= capacity then return redis.error_reply('slot_full') end
if redis.call('HEXISTS', codes_key, code) == 1 then return redis.error_reply('code_taken') end
redis.call('INCR', slot)
redis.call('EXPIRE', slot, ttl)
local b = cjson.decode(ARGV[9])
local flat = {}
for f, v in pairs(b) do flat[#flat + 1] = f; flat[#flat + 1] = tostring(v) end
redis.call('HSET', key, unpack(flat))
redis.call('EXPIRE', key, ttl)
redis.call('HSET', codes_key, code, id)
redis.call('ZADD', day_key, tonumber(ARGV[10]), id)
redis.call('EXPIRE', day_key, ttl)
return cjson.encode({taken = taken + 1})
