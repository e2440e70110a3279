-- ticket.lua: read a ticket with how many are ahead of it and how many open counters serve
-- its service, in one step.
-- KEYS[1] the site's stream (names the slot).
-- ARGV[1] the site's key prefix   ARGV[2] ticket id   ARGV[3] counter ids, comma-separated
-- Returns {ticket {field, value, …} (empty if unknown), ahead (-1 unless waiting),
--          open counters serving its service, moving average minutes or ""}.
local P, id = ARGV[1], ARGV[2]
local function k(...) return P .. table.concat({...}, ':') end

local flat = redis.call('HGETALL', k('t', id))
if #flat == 0 then return {{}, -1, 0, ''} end
local t = {}
for i = 1, #flat, 2 do t[flat[i]] = flat[i + 1] end

local ahead = -1
if t.status == 'waiting' then
  local q = k('q', t.service)
  if t.reserved ~= '' then q = k('r', t.reserved) end
  local s = redis.call('ZSCORE', q, id)
  if s then ahead = redis.call('ZCOUNT', q, '-inf', '(' .. s) end
end

local open = 0
for cid in string.gmatch(ARGV[3], '[^,]+') do
  local c = redis.call('HMGET', k('c', cid), 'state', 'services')
  if c[1] == 'open' then
    for svc in string.gmatch(c[2] or '', '[^,]+') do
      if svc == t.service then open = open + 1; break end
    end
  end
end
local avg = redis.call('HGET', k('svcmin'), t.service) or ''
return {flat, ahead, open, avg}
