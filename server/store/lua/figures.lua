-- figures.lua: the report figures of each site's local day, kept as events happen; part of
-- the prelude of every transition, after base.lua and before lib.lua, whose emit calls
-- keep_figures for the ticket of every event (Redis scripts cannot share functions).
--
-- A ticket counts once, in the figures of its local day of issue, for what report.RecordOf
-- defines (report/doc.go). The figures of a day are one hash per dimension of the reports,
-- luot:{site}:fig:<day>:<service|counter|officer|hour> (store/keys_report.go; built with k()
-- from the ticket's own day, which the script reads: a call today may finish a ticket of
-- yesterday), whose fields are "<key>|<figure>":
--   key     the service the ticket was issued for; the counter and the officer that last
--           handled it ("" while it was never called, or waits again after a transfer); the
--           local hour of issue, "07"
--   figure  issued, served, no_show, cancelled, wait_ms, wh:<whole minutes of the wait,
--           rounded up>, timed, service_ms, r:<rating level>
-- and luot:{site}:fig:<day>:total, whose one field "|issued" counts the tickets the figures
-- cover. What follows from these is not stored: the day's total is the sum of its hours (a
-- ticket has one hour), and the waits counted the sum of the wait histogram. report/figures.go
-- reads them back into report.Day.
--
-- A ticket keeps what it counts for now in its field rec; each change applies the difference
-- between that and what it counts for after the change. So every transition that emits its
-- ticket's event keeps the figures right, whatever it changed, with no code of its own here.
-- The day's hashes get a lifetime when its first ticket is issued: the tickets' and a day,
-- so they outlive every ticket of the day (whose lifetime is set once, at its issue) and no
-- change can recreate them without one.
-- Besides its state, the record needs these fields of the ticket:
--   issued_service   the service it was issued for (set at issue). A ticket without it was
--                    issued before the figures were kept: it is left out, and the reports
--                    read that day from the tickets (store.DayFigures tells them).
--   hour             the local hour of its issue, "07" (set at issue)
--   first_called_at  its first call, Unix ms (set here when it is first seen called)

local FIGURE_DIMENSIONS = {'service', 'counter', 'officer', 'hour'}
local DAY = 86400
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

-- figures_of lists what a record (split) counts for in the row of each of its keys: figure → n.
local function figures_of(p)
  local f = {issued = 1}
  local final = FINAL_FIGURE[p[1]]
  if final then f[final] = 1 end
  local wait, service = tonumber(p[4]), tonumber(p[5])
  if wait >= 0 then
    f.wait_ms = wait
    f['wh:' .. integer(math.floor((wait + 59999) / 60000))] = 1
  end
  if service >= 0 then
    f.timed = 1
    f.service_ms = service
  end
  if p[6] ~= '' then f['r:' .. p[6]] = 1 end
  return f
end

-- add adds figures, times sign, to the row of key in a dimension's hash.
local function add(hash, key, figures, sign)
  for figure, n in pairs(figures) do
    if n ~= 0 then redis.call('HINCRBY', hash, key .. '|' .. figure, integer(sign * n)) end
  end
end

-- keep_figures brings the figures of a ticket's day up to date with the ticket as it is now
-- (after its change); ttl is the lifetime of tickets. A row whose key did not change gets the
-- difference of each figure; when the key changed (the counter and officer at a call), the
-- old row loses what the ticket counted for and the new one gains what it counts for now.
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
    local new = split_record(now)
    local gained, lost, old = figures_of(new), {}, nil
    if was then
      old = split_record(was)
      lost = figures_of(old)
    end
    local delta = {}
    for figure, n in pairs(gained) do delta[figure] = n - (lost[figure] or 0) end
    for figure, n in pairs(lost) do
      if gained[figure] == nil then delta[figure] = -n end
    end
    local keys = {t.issued_service, new[2], new[3], t.hour or ''} -- in FIGURE_DIMENSIONS' order
    local before = {t.issued_service, old and old[2], old and old[3], t.hour or ''}
    for d, dim in ipairs(FIGURE_DIMENSIONS) do
      local hash = k('fig', t.day, dim)
      if not was or before[d] == keys[d] then
        add(hash, keys[d], delta, 1)
      else
        add(hash, before[d], lost, -1)
        add(hash, keys[d], gained, 1)
      end
    end
    if not was and redis.call('HINCRBY', k('fig', t.day, 'total'), '|issued', 1) == 1 then
      redis.call('EXPIRE', k('fig', t.day, 'total'), ttl + DAY)
      for _, dim in ipairs(FIGURE_DIMENSIONS) do redis.call('EXPIRE', k('fig', t.day, dim), ttl + DAY) end
    end
    t.rec = now
    stamp[#stamp + 1] = 'rec'
    stamp[#stamp + 1] = now
  end
  if #stamp > 0 then redis.call('HSET', k('t', t.id), unpack(stamp)) end
end
