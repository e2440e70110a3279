-- limit.lua: count one remote number or appointment of a person (a hashed phone or id number)
-- on a day, within the limits per day and per service; or give one back.
-- KEYS[1] the person's day: luot:{person:<hash>}:<date> (a hash: total, and one field a service)
-- ARGV[1] service   ARGV[2] per day   ARGV[3] per service   ARGV[4] TTL (s)   ARGV[5] +1 or -1
-- Returns the person's total of the day after the change. Error: limit_reached.
local key, service, delta = KEYS[1], 's:' .. ARGV[1], tonumber(ARGV[5])
if delta < 0 then
  if tonumber(redis.call('HGET', key, 'total') or '0') > 0 then redis.call('HINCRBY', key, 'total', -1) end
  if tonumber(redis.call('HGET', key, service) or '0') > 0 then redis.call('HINCRBY', key, service, -1) end
  return tonumber(redis.call('HGET', key, 'total') or '0')
end
if tonumber(redis.call('HGET', key, 'total') or '0') >= tonumber(ARGV[2]) or
   tonumber(redis.call('HGET', key, service) or '0') >= tonumber(ARGV[3]) then
  return redis.error_reply('limit_reached')
end
redis.call('HINCRBY', key, service, 1)
local n = redis.call('HINCRBY', key, 'total', 1)
redis.call('EXPIRE', key, ARGV[4])
return n
