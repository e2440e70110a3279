-- cancel.lua: cancel waiting tickets of a site in bulk, a supervisor's decision: each goes to
-- status cancelled with an event of its own (ticket.cancelled, through emit: the displays and
-- the kiosks drop it from their counts, the reports count it, its history names who did it).
-- At most ARGV[8] tickets a run, so that Redis is never held long: the caller runs it again
-- while it answers more.
-- KEYS[1..5] the header of base.lua, then KEYS[6 ..] the queues to sweep: those of the
-- services of ARGV[6], then the reserved sets of the site's counters (tickets reserved for
-- them, of those services, go too). ARGV[1..5] the header of lib.lua, then:
--   ARGV[6] the services whose waiting tickets go, comma-separated
--   ARGV[7] the request's time, Unix ms: tickets issued after it stay (they were not waiting
--           when the supervisor decided)
--   ARGV[8] at most this many tickets in this run
-- Returns {cancelled (in this run), more (true when more are left to cancel)}.
local wanted = {}
for _, s in ipairs(split(ARGV[6])) do wanted[s] = true end
local cutoff, max = tonumber(ARGV[7]), tonumber(ARGV[8])
local done, more = 0, false

-- cancel takes one ticket of a queue; false once this run has done its share.
local function cancel(queue, id)
  local t = load_ticket(id)
  if not t or t.status ~= 'waiting' then
    redis.call('ZREM', queue, id) -- not waiting: it has no place in a queue
    return true
  end
  if not wanted[t.service] or tonumber(t.issued_at) > cutoff then return true end
  if done >= max then
    more = true
    return false
  end
  dequeue(t)
  t.status = 'cancelled'
  t.finished_at = NOW
  t.reserved = ''
  put(k('t', t.id), t, 'status', 'finished_at', 'reserved')
  emit('ticket.cancelled', t, nil, 'bulk')
  done = done + 1
  return true
end

for _, q in ipairs(keys_from(6)) do
  for _, id in ipairs(redis.call('ZRANGE', q, 0, -1)) do
    if not cancel(q, id) then return cjson.encode({cancelled = done, more = more}) end
  end
end
return cjson.encode({cancelled = done, more = more})
