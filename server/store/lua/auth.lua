-- auth.lua: resolve a bearer or session token to its session and user, or to its device, in
-- one round trip.
-- KEYS[1] the session key of the token's hash   KEYS[2] the device-token key of the same hash
-- ARGV[1] the auth key prefix "luot:{auth}:"
-- Returns {"session", session {field, value…}, user {field, value…}} | {"device", device {…}}
--       | {"none"}.
local s = redis.call('HGETALL', KEYS[1])
if #s > 0 then
  local name
  for i = 1, #s, 2 do if s[i] == 'username' then name = s[i + 1] end end
  return {'session', s, redis.call('HGETALL', ARGV[1] .. 'user:' .. string.lower(name or ''))}
end
local id = redis.call('GET', KEYS[2])
if id then
  return {'device', redis.call('HGETALL', ARGV[1] .. 'device:' .. id)}
end
return {'none'}
