-- One page of failed records, newest first, in one round trip (listing 100k one HGETALL at a
-- time took most of a minute). KEYS[1] failed:ids; ARGV[1] key prefix of the per-job hashes,
-- ARGV[2] first rank, ARGV[3] page size. Returns each record's HGETALL (field, value, ...).
local out = {}
for _, id in ipairs(redis.call('ZREVRANGE', KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[2]) + tonumber(ARGV[3]) - 1)) do
  out[#out + 1] = redis.call('HGETALL', ARGV[1] .. id)
end
return out
