-- oldest.lua: when the longest-waiting tickets of a site were issued, for the province board.
-- Read-only. KEYS[1] the site's stream, ARGV[1] the site's key prefix (base.lua), then:
--   ARGV[2] service ids, comma-separated
--   ARGV[3] counter ids, comma-separated (tickets reserved for a counter wait there)
-- Returns {issued_at ms of the longest-waiting ticket of the site (0 if none waits),
--          {service, issued_at ms of its longest-waiting ticket, …}}.
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

local site_best = 0
local per = {}
for svc in string.gmatch(ARGV[2], '[^,]+') do
  local at = oldest_of(k('q', svc))
  if at > 0 then
    per[#per + 1] = svc
    per[#per + 1] = tostring(at)
    if site_best == 0 or at < site_best then site_best = at end
  end
end
for cid in string.gmatch(ARGV[3], '[^,]+') do
  local at = oldest_of(k('r', cid))
  if at > 0 and (site_best == 0 or at < site_best) then site_best = at end
end
return {tostring(site_best), per}
