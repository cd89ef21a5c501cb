-- Enqueue jobs on one queue (Laravel's push + later in one call, so a bulk push is atomic per call).
-- KEYS[1] queue list, KEYS[2] queue:delayed, KEYS[3] queue:notify
-- ARGV pairs: delay seconds (0 = now), payload. Delays are added to the store's clock, never the caller's.
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
for i = 1, #ARGV, 2 do
  local delay = tonumber(ARGV[i])
  if delay > 0 then
    redis.call('ZADD', KEYS[2], now + delay, ARGV[i + 1])
  else
    redis.call('RPUSH', KEYS[1], ARGV[i + 1])
    redis.call('RPUSH', KEYS[3], 1)
  end
end
return #ARGV / 2
