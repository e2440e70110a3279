-- pair.lua: short pairing codes of devices. A code names one device for a while; a device
-- that types it gets a new token (the device's earlier one stops working) and the code is
-- burnt. Keys of {auth} only (one Cluster slot); the script builds the keys of the device it
-- finds from ARGV's auth prefix, as auth.lua does.
-- ARGV[1] "new" or "redeem"
--   new:    KEYS[1] the code's key   KEYS[2] the device's current code   KEYS[3] the device
--           ARGV[2] the device id   ARGV[3] the code's lifetime, ms   ARGV[4] the code
--           ARGV[5] the auth prefix "luot:{auth}:"
--           Returns 1 (the code now names the device, the device's earlier code is burnt),
--           0 (the code names another device now: draw another), -1 (no such device).
--   redeem: KEYS[1] attempts of the address   KEYS[2] attempts in all   KEYS[3] the code's key
--           ARGV[2] the window, ms   ARGV[3] attempts of an address within it   ARGV[4] in all
--           ARGV[5] the kind of device the page is   ARGV[6] the new token's hash
--           ARGV[7] the auth prefix
--           Returns {"wait", ms} past a limit (nothing counted, nothing tried);
--           otherwise the attempt is counted, then {"wrong"} (no such code), {"kind", kind}
--           (the code is of another kind of device: kept, nothing changed), or
--           {"ok", device {field, value…}} (the token is the device's now, the code burnt).
if ARGV[1] == 'new' then
  if redis.call('EXISTS', KEYS[3]) == 0 then return -1 end
  if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
  local old = redis.call('GET', KEYS[2])
  if old then redis.call('DEL', ARGV[5] .. 'paircode:' .. old) end
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[3])
  return 1
end

local window = tonumber(ARGV[2])
for i = 1, 2 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') >= tonumber(ARGV[i + 2]) then
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl < 1 then
      redis.call('PEXPIRE', KEYS[i], window) -- a count without expiry would lock for good
      ttl = window
    end
    return {'wait', ttl}
  end
end
for i = 1, 2 do
  redis.call('INCR', KEYS[i])
  redis.call('PEXPIRE', KEYS[i], window, 'NX')
end
local id = redis.call('GET', KEYS[3])
if not id then return {'wrong'} end
local prefix = ARGV[7]
local device = prefix .. 'device:' .. id
local kind = redis.call('HGET', device, 'kind')
if not kind then -- revoked since the code was made
  redis.call('DEL', KEYS[3])
  return {'wrong'}
end
if kind ~= ARGV[5] then return {'kind', kind} end
redis.call('DEL', KEYS[3], prefix .. 'devpair:' .. id)
local old = redis.call('HGET', device, 'token')
if old then redis.call('DEL', prefix .. 'devtoken:' .. old) end
redis.call('SET', prefix .. 'devtoken:' .. ARGV[6], id)
redis.call('HSET', device, 'token', ARGV[6])
return {'ok', redis.call('HGETALL', device)}
