-- auth.lua: what a token is, read in the token's own slot (luot:{auth:<tag>}, keys.go): its
-- login session or its device's id. The caller then reads the user or the device ({auth}) and
-- checks that the token is still theirs (the session's generation, the device's token).
-- KEYS[1] the session key of the token's hash   KEYS[2] the device-token key of the same hash
-- No ARGV.
-- Returns one JSON object (authReply in tokens.go):
--   {"kind":"session","username":…,"gen":…,"csrf":…} | {"kind":"device","device":id}
--   | {"kind":"none"}.
local s = redis.call('HMGET', KEYS[1], 'username', 'gen', 'csrf')
if s[1] then
  return cjson.encode({kind = 'session', username = s[1], gen = s[2] or '', csrf = s[3] or ''})
end
local id = redis.call('GET', KEYS[2])
if id then
  return cjson.encode({kind = 'device', device = id})
end
return cjson.encode({kind = 'none'})
