-- The live workers: prunes expired index entries, then returns the store's time followed by
-- each live worker's JSON and the time of its last beat.
-- KEYS[1] index; ARGV[1] prefix of the workers' hashes (same hash slot as the index on Cluster)
local now = tonumber(redis.call('TIME')[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local out = {now}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local v = redis.call('HMGET', ARGV[1] .. id, 'info', 'seen')
  if v[1] then
    table.insert(out, v[1])
    table.insert(out, v[2])
  end
end
return out
