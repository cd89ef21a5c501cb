-- Put a reserved job back, fenced: only if ARGV[1] (the exact reserved copy) is still reserved.
-- KEYS[1] :reserved, KEYS[2] :delayed, KEYS[3] queue list, KEYS[4] :notify
-- ARGV[1] reserved copy, ARGV[2] new body, ARGV[3] delay seconds
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
local delay = tonumber(ARGV[3])
if delay > 0 then
  local t = redis.call('TIME')
  redis.call('ZADD', KEYS[2], tonumber(t[1]) + tonumber(t[2]) / 1000000 + delay, ARGV[2])
else
  -- straight onto the list (Laravel goes through :delayed) so a blocked worker wakes now
  redis.call('RPUSH', KEYS[3], ARGV[2])
  redis.call('RPUSH', KEYS[4], 1)
end
return 1
