-- Acknowledge several finished jobs of one queue in one round trip: ZREM each exact reserved
-- copy (the fence). KEYS[1] :reserved; ARGV the reserved copies. Returns 1/0 per job, in order.
local out = {}
for i = 1, #ARGV do
  out[i] = redis.call('ZREM', KEYS[1], ARGV[i])
end
return out
