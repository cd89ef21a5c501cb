-- A job of a batch ends: its fenced removal (and, for a failure, its failed record, as fail.lua
-- writes it), the batch's counts, and the callbacks they set off, in one atomic step, so each
-- callback is pushed exactly once (Laravel's Batch::recordSuccessfulJob / recordFailedJob).
-- KEYS[1] :reserved of the job's queue, KEYS[2] the batch hash, KEYS[3] failed:seq,
-- KEYS[4] failed:ids, KEYS[5] failed:uuids
-- ARGV[1] 'ack' or 'fail', ARGV[2] the reserved copy, ARGV[3] the job's uuid, ARGV[4] key prefix
-- of the failed hashes, ARGV[5] connection, ARGV[6] queue, ARGV[7] payload, ARGV[8] exception
-- Returns 1, or 0 when the fence rejected the call (nothing changed).
-- The callbacks' queue keys are read from the batch hash, so batches need a single Redis (not Cluster).
if redis.call('ZREM', KEYS[1], ARGV[2]) == 0 then return 0 end
local t = redis.call('TIME')
local uuid = ARGV[3]
if ARGV[1] == 'fail' then
  local old = redis.call('HGET', KEYS[5], uuid)
  if old then
    redis.call('DEL', ARGV[4] .. old)
    redis.call('ZREM', KEYS[4], old)
  end
  local id = redis.call('INCR', KEYS[3])
  local failedAt = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  redis.call('HSET', ARGV[4] .. id, 'id', id, 'uuid', uuid, 'connection', ARGV[5], 'queue', ARGV[6],
    'payload', ARGV[7], 'exception', ARGV[8], 'failed_at', string.format('%d', failedAt))
  redis.call('ZADD', KEYS[4], id, id)
  redis.call('HSET', KEYS[5], uuid, id)
end
local b = KEYS[2]
if redis.call('EXISTS', b) == 0 then return 1 end -- the batch was pruned; the job still ends

local function fire(name)
  local payload = redis.call('HGET', b, name)
  if payload then
    redis.call('RPUSH', redis.call('HGET', b, name .. '_list'), payload)
    redis.call('RPUSH', redis.call('HGET', b, name .. '_notify'), 1)
  end
end

local ids = cjson.decode(redis.call('HGET', b, 'failed_ids') or '[]')
local pending, failed
if ARGV[1] == 'ack' then
  pending = redis.call('HINCRBY', b, 'pending', -1)
  failed = tonumber(redis.call('HGET', b, 'failed'))
  local kept = {}
  for _, id in ipairs(ids) do if id ~= uuid then kept[#kept + 1] = id end end
  ids = kept
  if pending == 0 then
    redis.call('HSET', b, 'finished_at', t[1])
    fire('then')
  end
else
  failed = redis.call('HINCRBY', b, 'failed', 1)
  pending = tonumber(redis.call('HGET', b, 'pending'))
  local seen = false
  for _, id in ipairs(ids) do if id == uuid then seen = true end end
  if not seen then ids[#ids + 1] = uuid end
  if failed == 1 and redis.call('HGET', b, 'allow_failures') ~= '1' then
    redis.call('HSETNX', b, 'cancelled_at', t[1])
    redis.call('HSETNX', b, 'finished_at', t[1])
  end
  if failed == 1 then fire('catch') end
end
if pending - failed == 0 then fire('finally') end
redis.call('HSET', b, 'failed_ids', #ids == 0 and '[]' or cjson.encode(ids))
return 1
