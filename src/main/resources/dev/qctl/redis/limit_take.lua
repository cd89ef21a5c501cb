-- Take one start from a rate limit (a sliding log of start times, by the server's clock).
-- KEYS[1] the limit's sorted set of starts (score = ms). ARGV[1] max starts, ARGV[2] period ms,
-- ARGV[3] a unique member for this start. Returns 0 if taken, else ms until a start frees up.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local period = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - period))
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], period + 1000)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + period - now + 1)
