-- Delete failed jobs that failed at or before ARGV[2] (epoch ms), or all when ARGV[2] is ''.
-- KEYS[1] failed:ids, KEYS[2] failed:uuids; ARGV[1] key prefix of the per-job hashes.
local cutoff = tonumber(ARGV[2])
local n = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local row = redis.call('HMGET', ARGV[1] .. id, 'uuid', 'failed_at')
  if cutoff == nil or tonumber(row[2] or '0') <= cutoff then
    if row[1] then redis.call('HDEL', KEYS[2], row[1]) end
    redis.call('DEL', ARGV[1] .. id)
    redis.call('ZREM', KEYS[1], id)
    n = n + 1
  end
end
return n
