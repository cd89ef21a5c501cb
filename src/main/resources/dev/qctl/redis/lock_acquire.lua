-- Take a named lock if it is free: SET NX PX, expiry by the server's clock.
-- KEYS[1] the lock, KEYS[2] the index of lock names (a sorted set, for listing).
-- ARGV[1] owner, ARGV[2] ttl in ms, ARGV[3] the lock's name. Returns 1 if taken, else 0.
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[3])
  return 1
end
return 0
