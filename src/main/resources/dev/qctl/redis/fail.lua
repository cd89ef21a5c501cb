-- Record a failed job, and (when ARGV[1] is not empty) remove its reservation first, fenced:
-- nothing is recorded if the reservation is no longer the caller's. A uuid already recorded
-- is replaced, as on SQL.
-- KEYS[1] :reserved of the job's queue (unused when ARGV[1] is empty), KEYS[2] failed:seq,
-- KEYS[3] failed:ids (zset scored by id), KEYS[4] failed:uuids (hash uuid -> id)
-- ARGV[1] reserved copy or '', ARGV[2] key prefix of the per-job hashes, ARGV[3] uuid,
-- ARGV[4] connection, ARGV[5] queue, ARGV[6] payload, ARGV[7] exception
-- Returns the new id, or 0 when the fence rejected the call.
if ARGV[1] ~= '' and redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
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
