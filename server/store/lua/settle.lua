-- settle.lua: a site at one instant, for the consistent pass of a backup (store/backup.go):
-- the keys a backup read of the site before, plus every key the events after an id name,
-- each as DUMP and PEXPIRETIME, in one atomic step. Read-only.
-- KEYS[1..5] the header of base.lua, then KEYS[6 ..] the keys to read besides those the events
-- name. ARGV[1] the site's key prefix (base.lua). ARGV[2] the id after which events count.
-- ARGV[3] n, the number of key shapes; ARGV[4 .. 3+n] the shapes, each "e|<template>" (over
-- the event's fields) or "t|<template>" (over the fields of each ticket the event carries:
-- ticket and cticket), a template being a key without its prefix with <field> for a field
-- (store/keys_backup.go's eventKeyShapes): the keys derived from the events, built from the
-- prefix like k()'s.
-- Returns {last id read, key, dump or false, expiry ms (-1 none, -2 gone), key, …}: a flat
-- array, not a cjson object, since a DUMP is binary and JSON strings carry only UTF-8.
local from, n = ARGV[2], tonumber(ARGV[3])
local shapes = {}
for i = 4, 3 + n do
  local kind, template = string.match(ARGV[i], '^(%a)|(.*)$')
  shapes[#shapes + 1] = {kind = kind, template = template}
end

local want, order = {}, {}
local function add(key)
  if not want[key] then want[key] = true; order[#order + 1] = key end
end
for _, key in ipairs(keys_from(6)) do add(key) end

-- expand adds the keys of the shapes of one kind over fields f; a shape with a field that is
-- absent or empty names no key.
local function expand(kind, f)
  for _, s in ipairs(shapes) do
    if s.kind == kind then
      local whole = true
      local key = string.gsub(s.template, '<([%w_]+)>', function(name)
        local v = f[name]
        if v == nil or v == '' or v == cjson.null then whole = false; return '' end
        return tostring(v)
      end)
      if whole then add(P .. key) end
    end
  end
end

local last = from
for _, e in ipairs(redis.call('XRANGE', STREAM, '(' .. from, '+')) do
  last = e[1]
  local f = {}
  for i = 1, #e[2], 2 do f[e[2][i]] = e[2][i + 1] end
  expand('e', f)
  for _, field in ipairs({'ticket', 'cticket'}) do
    if f[field] and f[field] ~= '' then
      local ok, t = pcall(cjson.decode, f[field])
      if ok and type(t) == 'table' then
        -- the number's prefix letters: the sequence key is per prefix (issue.lua)
        t.prefix = string.match(t.number or '', '^(.-)%d*$')
        expand('t', t)
      end
    end
  end
end

local out = {last}
for _, key in ipairs(order) do
  out[#out + 1] = key
  out[#out + 1] = redis.call('DUMP', key) or false
  out[#out + 1] = redis.call('PEXPIRETIME', key)
end
return out
