-- Delete failed jobs that failed at or before ARGV[2] (epoch ms), or all when ARGV[2] is '',
-- at most ARGV[4] records per call so the server is never blocked for long: the caller calls
-- again from the returned id until it is ''.
-- KEYS[1] failed:ids, KEYS[2] failed:uuids; ARGV[1] key prefix of the per-job hashes,
-- ARGV[3] id the previous call stopped after ('' at first), ARGV[4] batch size.
-- Returns {deleted, id to go on after, or ''}.
local cutoff = tonumber(ARGV[2])
local from = ARGV[3] == '' and '-inf' or '(' .. ARGV[3]
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], from, '+inf', 'LIMIT', 0, tonumber(ARGV[4]))
local n = 0
for _, id in ipairs(ids) do
  local row = redis.call('HMGET', ARGV[1] .. id, 'uuid', 'failed_at')
  if cutoff == nil or tonumber(row[2] or '0') <= cutoff then
    if row[1] then redis.call('HDEL', KEYS[2], row[1]) end
    redis.call('DEL', ARGV[1] .. id)
    redis.call('ZREM', KEYS[1], id)
    n = n + 1
  end
end
if #ids < tonumber(ARGV[4]) then return {n, ''} end
return {n, ids[#ids]}
