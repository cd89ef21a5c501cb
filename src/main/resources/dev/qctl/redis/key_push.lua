-- Push a job under a dispatch key unless the key is held (dispatch --id), in one step.
-- KEYS[1] the key's lock, KEYS[2] the lock index, KEYS[3] queue list, KEYS[4] queue:delayed,
-- KEYS[5] queue:notify. ARGV[1] the lock's name, ARGV[2] the new job's id, ARGV[3] how long a
-- queued job holds its key (ms), ARGV[4] delay seconds (0 = now), ARGV[5] payload.
-- Without ARGV[5] (Redis Cluster, where the queue is in another slot) only the key is taken.
-- Returns {1, id} when pushed, {0, holder's id} when the key was held.
local held = redis.call('GET', KEYS[1])
if held then
  return {0, string.sub(held, string.find(held, ':', 1, true) + 1)}
end
redis.call('SET', KEYS[1], 'job:' .. ARGV[2], 'PX', ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZADD', KEYS[2], math.floor(now * 1000) + tonumber(ARGV[3]), ARGV[1])
if not ARGV[5] then
  return {1, ARGV[2]}
end
local delay = tonumber(ARGV[4])
if delay > 0 then
  redis.call('ZADD', KEYS[4], now + delay, ARGV[5])
else
  redis.call('RPUSH', KEYS[3], ARGV[5])
  redis.call('RPUSH', KEYS[5], 1)
end
return {1, ARGV[2]}
