-- otp.lua: issue or check a one-time code of a phone. Keys of {otp}:
-- KEYS[1] the code of the phone (hash: code, tries)   KEYS[2] the phone's sends (int)
-- KEYS[3] the address's sends (int)
-- ARGV[1] "send" or "check"
-- send:  ARGV[2] the code (its SHA-256)   ARGV[3] life (s)   ARGV[4] sends a phone may ask in
--        ARGV[5] seconds   ARGV[6] sends an address may ask in ARGV[7] seconds
--        → 1, or the error "otp_rate <ms to wait>"
-- check: ARGV[2] the code tried (its SHA-256)   ARGV[3] tries allowed
--        → 1 when right (the code is used up), else the error bad_code; the last wrong try
--        burns the code, as does expiry
if ARGV[1] == 'send' then
  local phone, addr = tonumber(redis.call('GET', KEYS[2]) or '0'), tonumber(redis.call('GET', KEYS[3]) or '0')
  if phone >= tonumber(ARGV[4]) then
    return redis.error_reply('otp_rate ' .. (redis.call('TTL', KEYS[2]) * 1000))
  end
  if addr >= tonumber(ARGV[6]) then
    return redis.error_reply('otp_rate ' .. (redis.call('TTL', KEYS[3]) * 1000))
  end
  if redis.call('INCR', KEYS[2]) == 1 then redis.call('EXPIRE', KEYS[2], ARGV[5]) end
  if redis.call('INCR', KEYS[3]) == 1 then redis.call('EXPIRE', KEYS[3], ARGV[7]) end
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'code', ARGV[2], 'tries', 0)
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  return 1
end
local code = redis.call('HGET', KEYS[1], 'code')
if not code then return redis.error_reply('bad_code') end
if code == ARGV[2] then
  redis.call('DEL', KEYS[1])
  return 1
end
if redis.call('HINCRBY', KEYS[1], 'tries', 1) >= tonumber(ARGV[3]) then redis.call('DEL', KEYS[1]) end
return redis.error_reply('bad_code')
