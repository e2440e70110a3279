-- call.lua: call one waiting ticket out of order (audited), finishing the current one.
-- KEYS[1..5] the header of base.lua, then KEYS[6] the counter's key.
-- ARGV[1..5] the header of lib.lua, then:
--   ARGV[6] counter id   ARGV[7] the officer who must hold it ("" when a supervisor acts)
--   ARGV[8] ticket id
-- Returns {counter, ticket}. Errors: counter_closed, counter_paused, not_holder,
-- no_ticket, not_waiting.
local c, refused = acting_counter()
if not c then return refused end
if c.state == 'paused' then return redis.error_reply('counter_paused') end
local t = load_ticket(ARGV[8])
if not t then return redis.error_reply('no_ticket') end
if t.status ~= 'waiting' then return redis.error_reply('not_waiting') end

finish_current(c, KEYS[6])
dequeue(t)
call_ticket(c, KEYS[6], t, 'out_of_order')
return result(c, t)
