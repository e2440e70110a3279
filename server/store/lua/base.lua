-- base.lua: the prelude of every script of a site (Redis scripts cannot share functions):
-- the transitions (after it, figures.lua and lib.lua) and the read-only site, ticket, oldest
-- and waiting.
--
-- Every such script is called with KEYS[1] = the site's event stream, which names the site's
-- Cluster slot, and ARGV[1] = the site's key prefix "luot:{site}:". Scripts build the other
-- keys from the prefix; they all carry the same {site} hash tag, so they live in the same slot
-- as KEYS[1]. Key shapes are mirrored by store/keys.go.

local P = ARGV[1]
local ORDER_SPAN = 1099511627776 -- 2^40: the class (0 priority, 1 normal) outranks any issue order

local function k(...)
  return P .. table.concat({...}, ':')
end

local function hgetall(key)
  local flat = redis.call('HGETALL', key)
  if #flat == 0 then return nil end
  local t = {}
  for i = 1, #flat, 2 do t[flat[i]] = flat[i + 1] end
  return t
end

local function split(s)
  local out = {}
  for part in string.gmatch(s or '', '[^,]+') do out[#out + 1] = part end
  return out
end

-- ahead_of counts the tickets called before a waiting ticket in its queue (-1 if not waiting).
local function ahead_of(t)
  if not t or t.status ~= 'waiting' then return -1 end
  local q = k('q', t.service)
  if t.reserved ~= '' then q = k('r', t.reserved) end
  local s = redis.call('ZSCORE', q, t.id)
  if not s then return -1 end
  return redis.call('ZCOUNT', q, '-inf', '(' .. s)
end

-- open_serving counts the open counters, of the comma-separated ids, that serve a service.
-- The counts of every service are kept in the hash k('open') (field '_': the counter ids they
-- were made over) for a minute at most, and dropped by every change of a counter's state or
-- services (lib.lua's counters_changed): an issue reads one hash, not every counter of the
-- site. keep: store the counts when they had to be made (a transition; a read-only script
-- must not write).
local function open_serving(svc, counters, keep)
  local cached = redis.call('HMGET', k('open'), '_', svc)
  if cached[1] == counters then return tonumber(cached[2] or '0') or 0 end
  local counts = {}
  for _, cid in ipairs(split(counters)) do
    local c = redis.call('HMGET', k('c', cid), 'state', 'services')
    if c[1] == 'open' then
      local seen = {}
      for _, s in ipairs(split(c[2])) do
        if not seen[s] then counts[s] = (counts[s] or 0) + 1; seen[s] = true end
      end
    end
  end
  if keep then
    local args = {'_', counters}
    for s, n in pairs(counts) do args[#args + 1] = s; args[#args + 1] = n end
    redis.call('DEL', k('open'))
    redis.call('HSET', k('open'), unpack(args))
    redis.call('EXPIRE', k('open'), 60)
  end
  return counts[svc] or 0
end

-- avg_minutes is a service's moving average of service minutes (lib.lua's learn), or ''.
local function avg_minutes(svc)
  return redis.call('HGET', k('svcmin'), svc) or ''
end
