-- Create a batch and push its jobs, or add jobs to an existing batch, in one atomic step.
-- KEYS[1] the batch hash, KEYS[2] the batch index (zset scored by creation, ms), then for each
-- queue the jobs go to: its list, :delayed and :notify keys (three keys per queue).
-- ARGV[1] 'create' or 'add', ARGV[2] batch id, ARGV[3] name, ARGV[4] allow failures (0/1),
-- ARGV[5] options JSON, ARGV[6..14] then/catch/finally callbacks as (list key, notify key,
-- payload) triples ('' for none), ARGV[15..] one (queue index from 0, delay seconds, payload)
-- triple per job. Returns the number of jobs pushed, or -1 when 'add' finds no such batch.
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local jobs = (#ARGV - 14) / 3
if ARGV[1] == 'add' then
  if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
  redis.call('HINCRBY', KEYS[1], 'total', jobs)
  redis.call('HINCRBY', KEYS[1], 'pending', jobs)
  redis.call('HDEL', KEYS[1], 'finished_at')
else
  redis.call('HSET', KEYS[1], 'id', ARGV[2], 'name', ARGV[3], 'total', jobs, 'pending', jobs, 'failed', 0,
    'failed_ids', '[]', 'allow_failures', ARGV[4], 'options', ARGV[5], 'created_at', t[1])
  local names = {'then', 'catch', 'finally'}
  for i = 1, 3 do
    local at = 6 + (i - 1) * 3
    if ARGV[at] ~= '' then
      redis.call('HSET', KEYS[1], names[i] .. '_list', ARGV[at], names[i] .. '_notify', ARGV[at + 1],
        names[i], ARGV[at + 2])
    end
  end
  redis.call('ZADD', KEYS[2], math.floor(now * 1000), ARGV[2])
end
for i = 15, #ARGV, 3 do
  local q = 3 + tonumber(ARGV[i]) * 3
  local delay = tonumber(ARGV[i + 1])
  if delay > 0 then
    redis.call('ZADD', KEYS[q + 1], now + delay, ARGV[i + 2])
  else
    redis.call('RPUSH', KEYS[q], ARGV[i + 2])
    redis.call('RPUSH', KEYS[q + 2], 1)
  end
end
return jobs
