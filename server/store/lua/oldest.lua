-- oldest.lua: when the longest-waiting tickets of a site were issued, for the province board.
-- Read-only. KEYS[1..5] the header of base.lua, then KEYS[6 ..] the queues of the services of
-- ARGV[2], in its order, then the reserved sets of the site's counters (tickets reserved for
-- a counter wait there). ARGV[1] the site's key prefix (base.lua), then:
--   ARGV[2] service ids, comma-separated
-- Returns {site (issued_at ms of the longest-waiting ticket of the site, 0 if none waits),
--          by_service {service: issued_at ms of its longest-waiting ticket}}.
-- A queue is ordered by class then issue order, so its longest-waiting ticket is the head of
-- the priority class or the head of the normal class (2^40 and above); both are read.
local NORMAL = string.format('%.0f', ORDER_SPAN)

local function oldest_of(key)
  local best = 0
  local heads = redis.call('ZRANGE', key, 0, 0)
  local normal = redis.call('ZRANGEBYSCORE', key, NORMAL, '+inf', 'LIMIT', 0, 1)
  for _, list in ipairs({heads, normal}) do
    if #list > 0 then
      local at = tonumber(redis.call('HGET', k('t', list[1]), 'issued_at') or '0') or 0
      if at > 0 and (best == 0 or at < best) then best = at end
    end
  end
  return best
end

local services = split(ARGV[2])
local site_best = 0
local per = {}
for i = 6, #KEYS do
  local at = oldest_of(KEYS[i])
  local svc = services[i - 5] -- nil for a counter's reserved set
  if at > 0 then
    if svc then per[svc] = at end
    if site_best == 0 or at < site_best then site_best = at end
  end
end
return cjson.encode({site = site_best, by_service = per})
