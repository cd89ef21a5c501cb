-- The restart signal ('0' if none) followed by the paused queues, in one round trip.
-- KEYS[1] restart key, KEYS[2] paused set
local out = {redis.call('GET', KEYS[1]) or '0'}
for _, q in ipairs(redis.call('SMEMBERS', KEYS[2])) do table.insert(out, q) end
return out
