-- Delete failed jobs by numeric id or uuid.
-- KEYS[1] failed:ids, KEYS[2] failed:uuids; ARGV[1] key prefix of the per-job hashes,
-- ARGV[2..] numeric ids or uuids. Returns how many were deleted.
local n = 0
for i = 2, #ARGV do
  local id = ARGV[i]
  if not redis.call('ZSCORE', KEYS[1], id) then id = redis.call('HGET', KEYS[2], ARGV[i]) end
  if id then
    local uuid = redis.call('HGET', ARGV[1] .. id, 'uuid')
    if uuid then redis.call('HDEL', KEYS[2], uuid) end
    redis.call('DEL', ARGV[1] .. id)
    n = n + redis.call('ZREM', KEYS[1], id)
  end
end
return n
