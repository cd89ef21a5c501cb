-- Record a failed job, and (when ARGV[1] is not empty) remove its reservation first, fenced:
-- nothing is recorded if the reservation is no longer the caller's. A uuid already recorded
-- is replaced, as on SQL.
-- KEYS[1] :reserved of the job's queue (unused when ARGV[1] is empty), KEYS[2] failed:seq,
-- KEYS[3] failed:ids (zset scored by id), KEYS[4] failed:uuids (hash uuid -> id)
-- ARGV[1] '' (no reservation), or 'r' then the reserved copy, or 'h' then the copy hex-encoded
-- (a poison entry's bytes may not survive the trip as text; and an empty copy is a copy), ARGV[2] key prefix of the per-job hashes, ARGV[3] uuid,
-- ARGV[4] connection, ARGV[5] queue, ARGV[6] payload, ARGV[7] exception
-- Returns the new id, or 0 when the fence rejected the call.
if ARGV[1] ~= '' then
  local copy = ARGV[1]:sub(2)
  if ARGV[1]:sub(1, 1) == 'h' then
    copy = copy:gsub('..', function(x) return string.char(tonumber(x, 16)) end)
  end
  if redis.call('ZREM', KEYS[1], copy) == 0 then return 0 end
end
local old = redis.call('HGET', KEYS[4], ARGV[3])
if old then
  redis.call('DEL', ARGV[2] .. old)
  redis.call('ZREM', KEYS[3], old)
end
local id = redis.call('INCR', KEYS[2])
local t = redis.call('TIME')
local failedAt = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('HSET', ARGV[2] .. id, 'id', id, 'uuid', ARGV[3], 'connection', ARGV[4], 'queue', ARGV[5],
  'payload', ARGV[6], 'exception', ARGV[7], 'failed_at', string.format('%d', failedAt))
redis.call('ZADD', KEYS[3], id, id)
redis.call('HSET', KEYS[4], ARGV[3], id)
return id
