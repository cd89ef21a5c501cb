-- Count a rate limit's current window without taking a start (for qctl locks).
-- KEYS[1] the limit's sorted set of starts (score = ms). ARGV[1] period ms, as limit_take counts it.
-- Returns {starts in the window, ms until the oldest leaves it (0 if none)}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local period = tonumber(ARGV[1])
local used = redis.call('ZCOUNT', KEYS[1], now - period, '+inf')
if used == 0 then return {0, 0} end
local oldest = redis.call('ZRANGEBYSCORE', KEYS[1], now - period, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
return {used, math.max(0, tonumber(oldest[2]) + period - now)}
