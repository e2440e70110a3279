-- act_on_current.lua: an action on the counter's current ticket: recall, start, finish or no-show.
-- KEYS[1..5] the header of base.lua, then KEYS[6] the counter's key.
-- ARGV[1..5] the header of lib.lua, then:
--   ARGV[6] counter id   ARGV[7] the officer who must hold it ("" when a supervisor acts)
--   ARGV[8] action: recall | start | finish | no_show   ARGV[9] recall limit
-- Returns {counter, ticket (absent after finish and no_show)}. Errors: counter_closed, counter_paused,
-- not_holder, no_current, recall_limit, wrong_state.
local action, limit = ARGV[8], tonumber(ARGV[9])
local c, refused = acting_counter()
if not c then return refused end
if c.ticket == '' then return redis.error_reply('no_current') end
local t = load_ticket(c.ticket)
if not t then return redis.error_reply('no_current') end

if action == 'recall' then
  if c.state == 'paused' then return redis.error_reply('counter_paused') end
  if t.status ~= 'called' then return redis.error_reply('wrong_state') end
  if tonumber(t.recalls) >= limit then return redis.error_reply('recall_limit') end
  t.recalls = tonumber(t.recalls) + 1
  put(k('t', t.id), t, 'recalls')
  emit('ticket.recalled', t, c, tostring(t.recalls))
  return result(c, t)
elseif action == 'start' then
  if t.status ~= 'called' then return redis.error_reply('wrong_state') end
  t.status = 'serving'
  t.started_at = NOW
  put(k('t', t.id), t, 'status', 'started_at')
  emit('ticket.serving', t, c, '')
  return result(c, t)
elseif action == 'finish' or action == 'no_show' then
  local typ = 'ticket.done'
  if action == 'finish' then
    if t.status ~= 'called' and t.status ~= 'serving' then return redis.error_reply('wrong_state') end
    t.status = 'done'
    learn(t)
  else
    if t.status ~= 'called' then return redis.error_reply('wrong_state') end
    t.status = 'no_show'
    typ = 'ticket.no_show'
  end
  t.finished_at = NOW
  put(k('t', t.id), t, 'status', 'finished_at')
  c.ticket = ''
  redis.call('HSET', KEYS[6], 'ticket', '')
  emit(typ, t, c, '')
  return result(c, nil)
end
return redis.error_reply('wrong_state')
