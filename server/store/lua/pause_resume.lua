-- pause_resume.lua: pause a counter with a reason, or resume it.
-- KEYS[1..5] the header of base.lua, then KEYS[6] the counter's key.
-- ARGV[1..5] the header of lib.lua, then:
--   ARGV[6] counter id   ARGV[7] the officer who must hold it ("" when a supervisor acts)
--   ARGV[8] pause | resume   ARGV[9] reason (pause)
-- Returns {counter, ticket (its current one, if any)}. Errors: counter_closed, not_holder,
-- already_paused, not_paused.
local c, refused = acting_counter()
if not c then return refused end
local typ
if ARGV[8] == 'pause' then
  if c.state == 'paused' then return redis.error_reply('already_paused') end
  c.state = 'paused'
  c.reason = ARGV[9]
  typ = 'counter.paused'
else
  if c.state ~= 'paused' then return redis.error_reply('not_paused') end
  c.state = 'open'
  c.reason = ''
  typ = 'counter.resumed'
end
c.since = NOW
put(KEYS[6], c, 'state', 'reason', 'since')
counters_changed()
emit(typ, nil, c, c.reason)
local t = nil
if c.ticket ~= '' then t = load_ticket(c.ticket) end
return result(c, t)
