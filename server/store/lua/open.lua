-- open.lua: an officer takes a counter (one officer a counter; the one-counter-an-officer
-- lock is taken by the caller before, see store/counters.go).
-- KEYS[1..5] the header of base.lua, then KEYS[6] the counter's key.
-- ARGV[1..5] the header of lib.lua, then:
--   ARGV[6] counter id   ARGV[7] the officer who takes it   ARGV[8] services, comma-separated
-- Returns {counter, ticket (its current one, if any)}. Errors: counter_busy.
local ckey = KEYS[6]
local c = load_counter(ckey, ARGV[6])
local officer, services = ARGV[7], ARGV[8]
if c.state ~= 'closed' then
  if c.officer ~= officer then return redis.error_reply('counter_busy') end
  if services ~= c.services then
    c.services = services
    redis.call('HSET', ckey, 'services', services)
    counters_changed()
    emit('counter.opened', nil, c, 'services')
  end
  local t = nil
  if c.ticket ~= '' then t = load_ticket(c.ticket) end
  return result(c, t)
end
c.state = 'open'
c.officer = officer
c.services = services
c.ticket = ''
c.reason = ''
c.since = NOW
put(ckey, c, 'id', 'state', 'officer', 'services', 'ticket', 'reason', 'since')
counters_changed()
emit('counter.opened', nil, c, '')
return result(c, nil)
