-- Extend a reservation to now + retry_after (store time), fenced by the exact reserved copy.
-- KEYS[1] :reserved; ARGV[1] reserved copy, ARGV[2] retry_after seconds
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], 'XX', tonumber(t[1]) + tonumber(t[2]) / 1000000 + tonumber(ARGV[2]), ARGV[1])
return 1
