-- schema.lua: the store's schema version and the progress of a migration, all in one hash
-- (one key, so one Cluster slot): version, and while a step runs step (the version it leads
-- to), cursor (its progress), lock (the instance migrating) and lock_until (Unix ms).
-- KEYS[1] luot:schema
-- ARGV[1] the operation, ARGV[2] the instance (owner), ARGV[3] now (Unix ms, the app's clock),
-- ARGV[4] how long a lock lasts unless renewed (ms), then per operation:
--   init    ARGV[5] the version of a store that has none yet → the version now stored
--   lock    → 1 if the caller holds the lock now (taken, renewed, or free after expiry), else 0
--   save    ARGV[5] step, ARGV[6] cursor → 1, or 0 if the caller lost the lock
--   done    ARGV[5] the version reached (the step is over) → 1, or 0 if the caller lost the lock
--   unlock  → 1 if the caller held the lock
local key, op, owner, now, ttl = KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])

if op == 'init' then
  redis.call('HSETNX', key, 'version', ARGV[5])
  return redis.call('HGET', key, 'version')
end

local holder = redis.call('HGET', key, 'lock')
local until_ms = tonumber(redis.call('HGET', key, 'lock_until') or '0')
local mine = holder == owner

if op == 'lock' then
  if holder and not mine and until_ms > now then return 0 end
  redis.call('HSET', key, 'lock', owner, 'lock_until', now + ttl)
  return 1
end
if not mine then return 0 end
if op == 'save' then
  redis.call('HSET', key, 'step', ARGV[5], 'cursor', ARGV[6], 'lock_until', now + ttl)
  return 1
end
if op == 'done' then
  redis.call('HSET', key, 'version', ARGV[5], 'lock_until', now + ttl)
  redis.call('HDEL', key, 'step', 'cursor')
  return 1
end
if op == 'unlock' then
  redis.call('HDEL', key, 'lock', 'lock_until')
  return 1
end
return redis.error_reply('unknown_action ' .. tostring(op))
