-- next.lua: finish the counter's current ticket, then call the next waiting one: tickets
-- reserved for this counter first, then by priority class and issue order across the
-- counter's services.
-- KEYS[1..5] the header of base.lua, then KEYS[6] the counter's key, KEYS[7] its reserved set.
-- ARGV[1..5] the header of lib.lua, then:
--   ARGV[6] counter id   ARGV[7] the officer who must hold it ("" when a supervisor acts)
-- Returns {counter, ticket (absent when nobody waits)}. Errors: counter_closed, counter_paused, not_holder.
local c, refused = acting_counter()
if not c then return refused end
if c.state == 'paused' then return redis.error_reply('counter_paused') end

local ckey, reserved_key = KEYS[6], KEYS[7]
finish_current(c, ckey)

local best, best_score, from = nil, nil, nil
local reserved = redis.call('ZRANGE', reserved_key, 0, 0)
if #reserved > 0 then
  best = reserved[1]
else
  for _, svc in ipairs(split(c.services)) do
    local head = redis.call('ZRANGE', k('q', svc), 0, 0, 'WITHSCORES')
    if #head > 0 and (best_score == nil or tonumber(head[2]) < best_score) then
      best, best_score = head[1], tonumber(head[2])
    end
  end
end
if not best then return result(c, nil) end

local t = load_ticket(best)
if not t then
  -- an expired record left in a queue: drop it so it cannot block the queue
  redis.call('ZREM', reserved_key, best)
  for _, svc in ipairs(split(c.services)) do redis.call('ZREM', k('q', svc), best) end
  return result(c, nil)
end
dequeue(t)
call_ticket(c, ckey, t, '')
return result(c, t)
