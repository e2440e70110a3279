-- close.lua: close a counter; the officer leaves it. A ticket still called there goes back
-- to its queue in its place; one being served is finished.
-- KEYS[1..5] the header of base.lua, then KEYS[6] the counter's key.
-- ARGV[1..5] the header of lib.lua, then:
--   ARGV[6] counter id   ARGV[7] the officer who must hold it ("" when a supervisor acts)
-- Returns {counter, former (the officer who left it, "" if it was closed)}. Closing a closed counter changes nothing.
-- Errors: not_holder.
local ckey = KEYS[6]
local c = load_counter(ckey, ARGV[6])
if c.state == 'closed' then return cjson.encode({counter = c, former = ''}) end
local err = check_holder(c, ARGV[7])
if err then return err end
local former = c.officer

if c.ticket ~= '' then
  local t = load_ticket(c.ticket)
  if t and t.status == 'called' then
    t.status = 'waiting'
    t.counter, t.officer, t.called_at, t.recalls, t.reserved = '', '', '', 0, ''
    put(k('t', t.id), t, 'status', 'counter', 'officer', 'called_at', 'recalls', 'reserved')
    enqueue(t)
    emit('ticket.transferred', t, c, 'returned')
  elseif t and t.status == 'serving' then
    finish_current(c, ckey)
  end
end
c.state = 'closed'
c.officer = ''
c.ticket = ''
c.reason = ''
c.since = NOW
put(ckey, c, 'state', 'officer', 'ticket', 'reason', 'since')
counters_changed()
emit('counter.closed', nil, c, '')
return cjson.encode({counter = c, former = former})
