-- login.lua: the attempts of a login, counted before the password is compared, so that
-- concurrent guesses past a limit cost no compare. Keys of {auth} only (one Cluster slot).
-- KEYS[1] attempts of the address and username   KEYS[2] of the address   KEYS[3] of the username
-- ARGV[1] "try" or "ok"
--   try: ARGV[2] the window, ms   ARGV[3..5] the limits of KEYS[1..3]
--        Returns {"wait":0} when the attempt may go on, counted on all three keys; else,
--        counting nothing, {"wait":ms} until the first key at its limit frees.
--   ok:  the password was right: the address forgets its failures at this username, and the
--        attempt is given back to the address and the username (a hall of officers signing
--        in from one address each morning is no attack).  Returns {"wait":0}.
-- Every reply is one JSON object (loginReply in logins.go).
if ARGV[1] == 'ok' then
  redis.call('DEL', KEYS[1])
  for i = 2, 3 do
    if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
  end
  return cjson.encode({wait = 0})
end
local window = tonumber(ARGV[2])
for i = 1, 3 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') >= tonumber(ARGV[i + 2]) then
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl < 1 then
      redis.call('PEXPIRE', KEYS[i], window) -- a key without expiry would lock for good
      ttl = window
    end
    return cjson.encode({wait = ttl})
  end
end
for i = 1, 3 do
  redis.call('INCR', KEYS[i])
  redis.call('PEXPIRE', KEYS[i], window, 'NX')
end
return cjson.encode({wait = 0})
