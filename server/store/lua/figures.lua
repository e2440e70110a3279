-- figures.lua: the report figures of each site's local day, kept as events happen; part of
-- the prelude of every transition, after base.lua and before lib.lua, whose emit calls
-- keep_figures for the ticket of every event (Redis scripts cannot share functions).
--
-- A ticket counts once, in the figures of its local day of issue, for what report.RecordOf
-- defines (report/doc.go). The figures of a day are one hash per dimension of the reports,
-- luot:{site}:fig:<day>:<total|service|counter|officer|hour> (store/keys_report.go), whose
-- fields are "<key>|<figure>":
--   key     "" for the total; the service the ticket was issued for; the counter and the
--           officer that last handled it ("" while it was never called, or waits again after
--           a transfer); the local hour of issue, "07"
--   figure  issued, served, no_show, cancelled, waited, wait_ms, wh:<whole minutes of the
--           wait, rounded up>, timed, service_ms, r:<rating level>
-- report/figures.go reads them back into report.Day.
--
-- A ticket keeps what it counts for now in its field rec; each change applies the difference
-- between that and what it counts for after the change. So every transition that emits its
-- ticket's event keeps the figures right, whatever it changed, with no code of its own here.
-- The day's hashes get the tickets' lifetime at each issue, so they outlive every ticket of
-- the day (whose lifetime is set once, at its issue): no change can recreate them without one.
-- Besides its state, the record needs these fields of the ticket:
--   issued_service   the service it was issued for (set at issue). A ticket without it was
--                    issued before the figures were kept: it is left out, and the reports
--                    read that day from the tickets (store.DayFigures tells them).
--   hour             the local hour of its issue, "07" (set at issue)
--   first_called_at  its first call, Unix ms (set here when it is first seen called)

local FIGURE_DIMENSIONS = {'total', 'service', 'counter', 'officer', 'hour'}
local FINAL_FIGURE = {done = 'served', no_show = 'no_show', cancelled = 'cancelled'}

-- millis is a time field of a ticket, Unix ms, or nil when it is unset ('' or 0).
local function millis(v)
  local n = tonumber(v)
  if n == nil or n == 0 then return nil end
  return n
end

local function integer(n)
  return string.format('%.0f', n)
end

-- record is what a ticket counts for, "status|counter|officer|wait ms|service ms|rating": the
-- wait runs from issue to the first call, the service time of a done ticket from its start
-- (or its last call, when never started) to its finish; -1 for a time it does not have.
local function record(t)
  local wait, service = -1, -1
  local issued, first = millis(t.issued_at), millis(t.first_called_at)
  if issued and first then wait = math.max(0, first - issued) end
  local finished = millis(t.finished_at)
  if t.status == 'done' and finished then
    local from = millis(t.started_at) or millis(t.called_at)
    if from then service = math.max(0, finished - from) end
  end
  return table.concat({t.status or '', t.counter or '', t.officer or '', integer(wait),
    integer(service), t.rating or ''}, '|')
end

-- split_record reads a record back into its six parts.
local function split_record(rec)
  local parts, from = {}, 1
  while true do
    local at = string.find(rec, '|', from, true)
    if not at then
      parts[#parts + 1] = string.sub(rec, from)
      return parts
    end
    parts[#parts + 1] = string.sub(rec, from, at - 1)
    from = at + 1
  end
end

-- count adds what a record counts for, times sign (1 or -1), to the changes of each dimension.
local function count(changes, t, rec, sign)
  local p = split_record(rec)
  local final, wait, service, rating = FINAL_FIGURE[p[1]], tonumber(p[4]), tonumber(p[5]), p[6]
  local keys = {total = '', service = t.issued_service, counter = p[2], officer = p[3], hour = t.hour or ''}
  for _, dim in ipairs(FIGURE_DIMENSIONS) do
    local c, key = changes[dim], keys[dim] .. '|'
    local function add(figure, n)
      c[key .. figure] = (c[key .. figure] or 0) + sign * n
    end
    add('issued', 1)
    if final then add(final, 1) end
    if wait >= 0 then
      add('waited', 1)
      add('wait_ms', wait)
      add('wh:' .. integer(math.floor((wait + 59999) / 60000)), 1)
    end
    if service >= 0 then
      add('timed', 1)
      add('service_ms', service)
    end
    if rating ~= '' then add('r:' .. rating, 1) end
  end
end

-- keep_figures brings the figures of a ticket's day up to date with the ticket as it is now
-- (after its change); ttl is the lifetime of the day's keys, set when a ticket is issued.
local function keep_figures(t, ttl)
  if not t.issued_service then return end
  local stamp = {}
  local called = millis(t.called_at)
  if t.status == 'called' and called and not millis(t.first_called_at) then
    t.first_called_at = called
    stamp = {'first_called_at', integer(called)}
  end
  local now, was = record(t), t.rec
  if now ~= was then
    local changes = {}
    for _, dim in ipairs(FIGURE_DIMENSIONS) do changes[dim] = {} end
    if was then count(changes, t, was, -1) end
    count(changes, t, now, 1)
    for _, dim in ipairs(FIGURE_DIMENSIONS) do
      local key = k('fig', t.day, dim)
      for field, n in pairs(changes[dim]) do
        if n ~= 0 then redis.call('HINCRBY', key, field, integer(n)) end
      end
      if not was then redis.call('EXPIRE', key, ttl) end
    end
    t.rec = now
    stamp[#stamp + 1] = 'rec'
    stamp[#stamp + 1] = now
  end
  if #stamp > 0 then redis.call('HSET', k('t', t.id), unpack(stamp)) end
end
