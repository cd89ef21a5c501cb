-- The queue of each failed record in a rank range, for per-queue counts without moving payloads.
-- KEYS[1] failed:ids; ARGV[1] key prefix of the per-job hashes, ARGV[2] first rank, ARGV[3] how many.
local out = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[2]) + tonumber(ARGV[3]) - 1)) do
  out[#out + 1] = redis.call('HGET', ARGV[1] .. id, 'queue') or false
end
return out
