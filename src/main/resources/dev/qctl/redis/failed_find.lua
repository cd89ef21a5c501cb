-- Failed records by numeric id or uuid, in one call (a batch of `qctl retry all`).
-- KEYS[1] failed:ids, KEYS[2] failed:uuids; ARGV[1] key prefix of the per-job hashes,
-- ARGV[2..] numeric ids or uuids. Returns each record's HGETALL, empty where none exists.
local out = {}
for i = 2, #ARGV do
  local id = ARGV[i]
  if not redis.call('ZSCORE', KEYS[1], id) then id = redis.call('HGET', KEYS[2], ARGV[i]) end
  if id then out[i - 1] = redis.call('HGETALL', ARGV[1] .. id) else out[i - 1] = {} end
end
return out
