-- The live locks: for each name in the index, its owner and expiry (server ms); names whose key
-- has expired leave the index. KEYS[1] the index; ARGV[1] the lock keys' prefix.
-- Returns a flat list: name, owner, expires_at_ms, ...
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
for _, name in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local key = ARGV[1] .. name
  local owner = redis.call('GET', key)
  local ttl = redis.call('PTTL', key)
  if owner and ttl > 0 then
    out[#out + 1] = name
    out[#out + 1] = owner
    out[#out + 1] = tostring(now + ttl)
  else
    redis.call('ZREM', KEYS[1], name)
  end
end
return out
