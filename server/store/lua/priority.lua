-- priority.lua: an officer confirms or removes a ticket's priority category (audited, since
-- queue-jumping is a real complaint). A waiting ticket moves to its new place.
-- KEYS[1..5] the header of base.lua. ARGV[1..5] the header of lib.lua, then:
--   ARGV[6] ticket id   ARGV[7] category ("" removes it)
-- Returns {ticket}. Errors: no_ticket, wrong_state.
local t = load_ticket(ARGV[6])
if not t then return redis.error_reply('no_ticket') end
if t.status ~= 'waiting' and t.status ~= 'called' and t.status ~= 'serving' then
  return redis.error_reply('wrong_state')
end
local was = t.priority
if t.status == 'waiting' then dequeue(t) end
t.priority = ARGV[7]
t.class = 1
if t.priority ~= '' then t.class = 0 end
t.priority_by = BY
put(k('t', t.id), t, 'priority', 'class', 'priority_by')
if t.status == 'waiting' then enqueue(t) end
local detail = 'confirmed'
if t.priority == '' then detail = 'removed:' .. was
elseif t.priority ~= was then detail = 'changed:' .. was .. '>' .. t.priority end
emit('ticket.priority', t, nil, detail)
return result(nil, t)
