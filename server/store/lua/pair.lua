-- pair.lua: short pairing codes of devices. A code names one device for a while; a device
-- that types it gets a new token (the device's earlier one stops working) and the code is
-- burnt. Keys of {auth} only (one Cluster slot). Every key known before the call is in KEYS;
-- the keys of the device a code names, found only here, are built by k() from ARGV's auth
-- prefix, as keys.go's builders build them (TestPairKeysAreGos). The token's own key lives in
-- the token's slot: the caller writes it after a redeem (pairing.go); the record's token field,
-- set here, is what makes a token valid (tokens.go).
-- ARGV[1] "new" or "redeem"
--   new:    KEYS[1] the code's key   KEYS[2] the device's current code   KEYS[3] the device
--           ARGV[2] the device id   ARGV[3] the code's lifetime, ms   ARGV[4] the code
--           ARGV[5] the auth prefix "luot:{auth}:"
--           Returns {"result":"ok"} (the code now names the device, the device's earlier
--           code is burnt), {"result":"taken"} (the code names another device now: draw
--           another), {"result":"no_device"}.
--   redeem: KEYS[1] attempts of the address   KEYS[2] attempts in all   KEYS[3] the code's key
--           ARGV[2] the window, ms   ARGV[3] attempts of an address within it   ARGV[4] in all
--           ARGV[5] the kind of device the page is   ARGV[6] the new token's hash
--           ARGV[7] the auth prefix
--           Returns {"result":"wait","wait":ms} past a limit (nothing counted, nothing tried);
--           otherwise the attempt is counted, then {"result":"wrong"} (no such code),
--           {"result":"kind","kind":kind} (the code is of another kind of device: kept, nothing
--           changed), or {"result":"ok","device":{field: value…},"old":hash} (the token is the
--           device's now, the code burnt; old: the hash of its earlier token, or "").
-- Every reply is one JSON object (pairReply in pairing.go).
local function reply(t) return cjson.encode(t) end

if ARGV[1] == 'new' then
  local function k(kind, id) return ARGV[5] .. kind .. ':' .. id end
  if redis.call('EXISTS', KEYS[3]) == 0 then return reply({result = 'no_device'}) end
  if redis.call('EXISTS', KEYS[1]) == 1 then return reply({result = 'taken'}) end
  local old = redis.call('GET', KEYS[2])
  if old then redis.call('DEL', k('paircode', old)) end
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[3])
  return reply({result = 'ok'})
end

local function k(kind, id) return ARGV[7] .. kind .. ':' .. id end
local window = tonumber(ARGV[2])
for i = 1, 2 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') >= tonumber(ARGV[i + 2]) then
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl < 1 then
      redis.call('PEXPIRE', KEYS[i], window) -- a count without expiry would lock for good
      ttl = window
    end
    return reply({result = 'wait', wait = ttl})
  end
end
for i = 1, 2 do
  redis.call('INCR', KEYS[i])
  redis.call('PEXPIRE', KEYS[i], window, 'NX')
end
local id = redis.call('GET', KEYS[3])
if not id then return reply({result = 'wrong'}) end
local device = k('device', id)
local kind = redis.call('HGET', device, 'kind')
if not kind then -- revoked since the code was made
  redis.call('DEL', KEYS[3])
  return reply({result = 'wrong'})
end
if kind ~= ARGV[5] then return reply({result = 'kind', kind = kind}) end
redis.call('DEL', KEYS[3], k('devpair', id))
local old = redis.call('HGET', device, 'token') or ''
redis.call('HSET', device, 'token', ARGV[6])
local flat, rec = redis.call('HGETALL', device), {}
for i = 1, #flat, 2 do rec[flat[i]] = flat[i + 1] end
return reply({result = 'ok', device = rec, old = old})
