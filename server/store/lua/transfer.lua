-- transfer.lua: put the counter's current ticket back to waiting, in another service's queue
-- or reserved for another counter; it keeps its place unless told otherwise.
-- KEYS[1..5] the header of base.lua, then KEYS[6] the counter's key, KEYS[7] the site's
-- issue order. ARGV[1..5] the header of lib.lua, then:
--   ARGV[6] counter id   ARGV[7] the officer who must hold it ("" when a supervisor acts)
--   ARGV[8] target service ("" keeps the service)   ARGV[9] target counter ("" none)
--   ARGV[10] keep place "1" | "0"
-- Returns {counter}. Errors: counter_closed, not_holder, no_current, wrong_state.
local service, target, keep = ARGV[8], ARGV[9], ARGV[10] == '1'
local c, refused = acting_counter()
if not c then return refused end
if c.ticket == '' then return redis.error_reply('no_current') end
local t = load_ticket(c.ticket)
if not t or (t.status ~= 'called' and t.status ~= 'serving') then
  return redis.error_reply('wrong_state')
end

local from = t.service
if service ~= '' then t.service = service end
t.reserved = target
if not keep then t.order = redis.call('INCR', KEYS[7]) end
t.status = 'waiting'
t.counter = ''
t.officer = ''
t.called_at = ''
t.started_at = ''
t.recalls = 0
t.transfers = tonumber(t.transfers or 0) + 1
put(k('t', t.id), t, 'service', 'reserved', 'order', 'status', 'counter', 'officer', 'called_at',
  'started_at', 'recalls', 'transfers')
enqueue(t)
c.ticket = ''
redis.call('HSET', KEYS[6], 'ticket', '')

local detail
if target ~= '' then
  detail = 'counter:' .. target
else
  detail = 'service:' .. from .. '>' .. t.service
end
if not keep then detail = detail .. ';new_place' end
emit('ticket.transferred', t, c, detail)
return result(c, nil)
