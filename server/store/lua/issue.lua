-- issue.lua: issue one ticket, numbered without gaps per site, prefix and local day.
-- KEYS[1..5] the header of base.lua, then KEYS[6] the idempotency key (luot:{site}:idem:<caller>|<key>)
--   KEYS[7] the kiosk's window of the last minute   KEYS[8] the service's count of the day
--   KEYS[9] the prefix's sequence of the day   KEYS[10] the site's issue order
--   KEYS[11] the day's tickets   KEYS[12] the day's number index
--   KEYS[13] the day's early appointments (apwait)   KEYS[14] the ranks of the day's places (aprank)
--   KEYS[15 ..] the keys of the site's counters of ARGV[15], in its order
-- ARGV[1..5] the header of lib.lua, then:
--   ARGV[6] new ticket id   ARGV[7] site id   ARGV[8] service id   ARGV[9] prefix
--   ARGV[10] priority category ("" none)   ARGV[11] channel   ARGV[12] local day YYYYMMDD
--   ARGV[13] daily quota of the service (0 = none)   ARGV[14] idempotency key ("" none)
--   ARGV[15] the site's counter ids, comma-separated (for the wait estimate)
--   ARGV[16] the kiosk device that issues ("" or absent: staff, not capped)
--   ARGV[17] the tickets that kiosk may issue in any minute
--   ARGV[18] local hour of issue "07" (for the report figures, figures.lua)
-- Returns {ticket, ahead, open_counters (serving the service), avg_minutes ("" unknown)}; with a
-- known idempotency key, the first ticket again (ahead -1 unless still waiting).
-- Errors: quota_reached; "kiosk_rate <ms>" when the kiosk has issued its tickets of the
-- last minute, with the ms until the oldest of them leaves the window.
local id, site, service, prefix = ARGV[6], ARGV[7], ARGV[8], ARGV[9]
local priority, channel, day, quota, idem = ARGV[10], ARGV[11], ARGV[12], tonumber(ARGV[13]), ARGV[14]
local counters, hour = ARGV[15], ARGV[18] or ''
local kiosk, per_minute = ARGV[16] or '', tonumber(ARGV[17] or '0')
local idem_key, count_key, seq_key, order_key = KEYS[6], KEYS[8], KEYS[9], KEYS[10]
local day_key, num_key, wait_key, rank_key = KEYS[11], KEYS[12], KEYS[13], KEYS[14]
local ckeys = keys_from(15)

if idem ~= '' then
  local first = redis.call('GET', idem_key)
  if first then
    return cjson.encode(ticket_view(load_ticket(first), counters, ckeys, false))
  end
end

-- the kiosk's issue times of the last minute, a sliding window (at most per_minute entries).
-- Only read here: the first write of this script must be one Redis refuses when out of memory
-- (INCR below), or the script would run on past maxmemory (a script that has written goes on).
local kiosk_key = nil
if kiosk ~= '' and per_minute > 0 then
  kiosk_key = KEYS[7]
  local since = '(' .. (NOW - 60000)
  if redis.call('ZCOUNT', kiosk_key, since, '+inf') >= per_minute then
    local oldest = redis.call('ZRANGEBYSCORE', kiosk_key, since, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
    return redis.error_reply('kiosk_rate ' .. string.format('%d', tonumber(oldest[2]) + 60000 - NOW))
  end
end

if quota > 0 and tonumber(redis.call('GET', count_key) or '0') >= quota then
  return redis.error_reply('quota_reached')
end
redis.call('INCR', count_key)
redis.call('EXPIRE', count_key, 172800)
-- appointments checked in early whose slot has now begun take their place before this ticket
-- is numbered: a walk-in issued after a slot's start never goes ahead of them (lib.lua)
place_due(wait_key, day_key, rank_key)

local seq = redis.call('INCR', seq_key)
redis.call('EXPIRE', seq_key, 172800)
local order = redis.call('INCR', order_key)

local class = 1
if priority ~= '' then class = 0 end
local t = {
  id = id, number = string.format('%s%03d', prefix, seq), site = site, service = service,
  priority = priority, status = 'waiting', channel = channel, issued_at = NOW,
  called_at = '', started_at = '', finished_at = '', counter = '', officer = '',
  recalls = 0, rating = '', order = order, class = class, reserved = '', day = day,
  transfers = 0, priority_by = '', issued_by = BY, issued_service = service, hour = hour,
  -- the idempotency key it was issued under: its event names it, so a backup that sees the
  -- event also reads the key (store/keys_backup.go)
  idem = idem,
}
add_ticket(t, day_key, num_key)
if kiosk_key then
  redis.call('ZREMRANGEBYSCORE', kiosk_key, '-inf', NOW - 60000)
  redis.call('ZADD', kiosk_key, NOW, id)
  redis.call('PEXPIRE', kiosk_key, 60000)
end
if idem ~= '' then
  redis.call('SET', idem_key, id, 'EX', 86400)
end
emit('ticket.issued', t, nil, '')
return cjson.encode(ticket_view(t, counters, ckeys, true))
