-- waiting.lua: the waiting tickets of a site in calling order — priority class, then issue
-- order, across its services' queues and its counters' reserved sets — for the officer who
-- looks for a number to call. Read-only, and bounded: it reads at most ARGV[4] tickets of each
-- queue, never the day's tickets. KEYS[1] the site's stream, ARGV[1] the site's key prefix
-- (base.lua), then:
--   ARGV[2] service ids, comma-separated   ARGV[3] counter ids, comma-separated
--   ARGV[4] how many to list, from the first in calling order
--   ARGV[5] local day YYYYMMDD   ARGV[6] ticket numbers to look up in that day's number
--   index (luot:{site}:num:<day>), comma-separated
-- Returns {how many wait in all, {id, number, …} of the first ARGV[4] in calling order,
--          {id, …} of the looked-up numbers that wait}.
local n = tonumber(ARGV[4])

local sets = {}
for _, svc in ipairs(split(ARGV[2])) do sets[#sets + 1] = k('q', svc) end
for _, cid in ipairs(split(ARGV[3])) do sets[#sets + 1] = k('r', cid) end

-- the first n of every set merged, set by set: once n are known, a set is read only for the
-- tickets called before the n-th so far
local total, ids, scores = 0, {}, {}
for _, key in ipairs(sets) do
  total = total + redis.call('ZCARD', key)
  local flat
  if #ids < n then
    flat = redis.call('ZRANGE', key, 0, n - 1, 'WITHSCORES')
  else
    flat = redis.call('ZRANGEBYSCORE', key, '-inf', '(' .. string.format('%.0f', scores[n]), 'WITHSCORES', 'LIMIT', 0, n)
  end
  if #flat > 0 then
    local mi, ms, a, b = {}, {}, 1, 1
    while #mi < n and (a <= #ids or b < #flat) do
      local sb = b < #flat and tonumber(flat[b + 1])
      if a <= #ids and (not sb or scores[a] < sb) then
        mi[#mi + 1], ms[#ms + 1], a = ids[a], scores[a], a + 1
      else
        mi[#mi + 1], ms[#ms + 1], b = flat[b], sb, b + 2
      end
    end
    ids, scores = mi, ms
  end
end

local first = {}
for _, id in ipairs(ids) do
  first[#first + 1] = id
  first[#first + 1] = redis.call('HGET', k('t', id), 'number') or ''
end

local found = {}
local numbers = split(ARGV[6])
if #numbers > 0 then
  for _, id in ipairs(redis.call('HMGET', k('num', ARGV[5]), unpack(numbers))) do
    if id and redis.call('HGET', k('t', id), 'status') == 'waiting' then found[#found + 1] = id end
  end
end
return {total, first, found}
