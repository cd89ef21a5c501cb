-- Extend several reservations to now + retry_after (store time) in one round trip, each fenced
-- by its exact reserved copy. KEYS[i] the :reserved of job i; ARGV[1] retry_after seconds,
-- ARGV[i + 1] job i's reserved copy. Returns 1/0 per job, in order.
local t = redis.call('TIME')
local expiry = tonumber(t[1]) + tonumber(t[2]) / 1000000 + tonumber(ARGV[1])
local out = {}
for i = 1, #KEYS do
  if redis.call('ZSCORE', KEYS[i], ARGV[i + 1]) then
    redis.call('ZADD', KEYS[i], 'XX', expiry, ARGV[i + 1])
    out[i] = 1
  else
    out[i] = 0
  end
end
return out
