-- rerank.lua: appointments checked in before their slot's start wait behind every ticket
-- (checkin.lua); once the slot has begun, each takes its place as if issued at the start:
-- just behind the last ticket of the day issued before it, in check-in order.
-- KEYS[1] the site's stream. ARGV[1..5] the header of lib.lua, then:
--   ARGV[6] local day YYYYMMDD
-- Returns how many tickets it placed. Each placed ticket gets a ticket.ranked event.
local day = ARGV[6]
local wait = k('apwait', day)
local due = redis.call('ZRANGEBYSCORE', wait, '-inf', NOW, 'WITHSCORES')
local placed = 0
-- in check-in order (the members of one start are otherwise in the order of their ids)
local list = {}
for i = 1, #due, 2 do
  redis.call('ZREM', wait, due[i])
  local t = load_ticket(due[i])
  if t then list[#list + 1] = {id = due[i], starts = tonumber(due[i + 1]), t = t} end
end
table.sort(list, function(a, b) return tonumber(a.t.order) < tonumber(b.t.order) end)
for _, item in ipairs(list) do
  local id, starts, t = item.id, item.starts, item.t
  if t.status == 'waiting' and t.postponed ~= '1' then
    local dk = k('day', day)
    local lo, hi, last = 0, redis.call('ZCARD', dk) - 1, 0
    while lo <= hi do
      local mid = math.floor((lo + hi) / 2)
      local e = redis.call('ZRANGE', dk, mid, mid, 'WITHSCORES')
      local at = tonumber(redis.call('HGET', k('t', e[1]), 'issued_at') or '0')
      if at < starts then last = tonumber(e[2]); lo = mid + 1 else hi = mid - 1 end
    end
    local n = redis.call('HINCRBY', k('aprank', day), tostring(last), 1)
    redis.call('EXPIRE', k('aprank', day), 172800)
    t.rank = string.format('%.4f', last + math.min(n, 4095) / 4096)
    put(k('t', id), t, 'rank')
    local q = k('q', t.service)
    if t.reserved ~= '' then q = k('r', t.reserved) end
    if redis.call('ZSCORE', q, id) then redis.call('ZADD', q, score(t), id) end
    emit('ticket.ranked', t, nil, 'slot')
    placed = placed + 1
  end
end
return placed
