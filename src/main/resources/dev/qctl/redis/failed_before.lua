-- A stretch of failed records with ids below a bound, newest first, in one round trip.
-- KEYS[1] failed:ids; ARGV[1] key prefix of the per-job hashes, ARGV[2] the exclusive upper
-- bound as ZRANGE takes it ("(123" or "+inf"), ARGV[3] how many. Returns each HGETALL.
local out = {}
for _, id in ipairs(redis.call('ZREVRANGEBYSCORE', KEYS[1], ARGV[2], '-inf', 'LIMIT', 0, tonumber(ARGV[3]))) do
  out[#out + 1] = redis.call('HGETALL', ARGV[1] .. id)
end
return out
