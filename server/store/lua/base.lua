-- base.lua: the prelude of every script of a site (Redis scripts cannot share functions):
-- the transitions (after it, figures.lua and lib.lua), the bookings' scripts and the
-- read-only site, ticket, oldest, waiting and settle.
--
-- The contract of every script of a site with Go (store/keys.go's builders, store/calls.go):
--   KEYS   every key whose name is known before the call, built once in Go by the builders of
--          store/keys*.go. First this header, the same for every script of a site:
--            KEYS[1] the site's event stream (it names the site's Cluster slot)
--            KEYS[2] the waiting count per service (w)   KEYS[3] the open counters per service
--            (open)   KEYS[4] the moving average of service minutes (svcmin)
--            KEYS[5] the sharded channel that tells the live feeds the stream moved (moved)
--          then the script's own from KEYS[6] on, which its header lists.
--   ARGV[1] the site's key prefix "luot:{site}:", from which k() — and nothing else — builds
--          the keys a script derives from data it reads or that are per ticket: a ticket's
--          record and history, the queue of a ticket's service or of the counter it is
--          reserved for, a counter's queues found in its record, the figures of a ticket's
--          day, a booking found by its code. All carry the {site} hash tag, so they live in
--          KEYS[1]'s slot. store's TestLuaKeysMatchGo proves k() names what Go's builders do.
--   reply  one cjson-encoded object with named fields, decoded into one Go struct
--          (store/calls.go); a refusal is redis.error_reply of a declared reason
--          (queue/reasons.go), and changed nothing.

local P = ARGV[1]
local STREAM, WAITING, OPEN, SVCMIN, MOVED = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local ORDER_SPAN = 1099511627776 -- 2^40: the class (0 priority, 1 normal) outranks any issue order

-- k is a key derived inside a script: the prefix, then the parts joined by ':' (see above).
local function k(...)
  return P .. table.concat({...}, ':')
end

-- keys_from is KEYS[first], KEYS[first + 1], … up to n of them (all the rest when n is nil):
-- a list of keys a call passes, such as the keys of the counters it names.
local function keys_from(first, n)
  local out = {}
  local last = #KEYS
  if n then last = math.min(last, first + n - 1) end
  for i = first, last do out[#out + 1] = KEYS[i] end
  return out
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

-- open_serving counts the open counters, of the comma-separated ids, that serve a service;
-- ckeys are their keys, in the same order (passed in KEYS). The counts of every service are
-- kept in the hash OPEN (field '_': the counter ids they were made over) for a minute at most,
-- and dropped by every change of a counter's state or services (lib.lua's counters_changed):
-- an issue reads one hash, not every counter of the site. keep: store the counts when they
-- had to be made (a transition; a read-only script must not write).
local function open_serving(svc, counters, ckeys, keep)
  local cached = redis.call('HMGET', OPEN, '_', svc)
  if cached[1] == counters then return tonumber(cached[2] or '0') or 0 end
  local counts = {}
  for _, ckey in ipairs(ckeys) do
    local c = redis.call('HMGET', ckey, 'state', 'services')
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
    redis.call('DEL', OPEN)
    redis.call('HSET', OPEN, unpack(args))
    redis.call('EXPIRE', OPEN, 60)
  end
  return counts[svc] or 0
end

-- avg_minutes is a service's moving average of service minutes (lib.lua's learn), or ''.
local function avg_minutes(svc)
  return redis.call('HGET', SVCMIN, svc) or ''
end
