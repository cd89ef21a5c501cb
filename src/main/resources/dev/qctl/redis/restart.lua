-- Records a restart signal: the store's time in Unix seconds, or one more than the previous
-- signal if that is not earlier, so each signal differs from the last. Every further key (a
-- Laravel app's illuminate:queue:restart cache key) gets the same value. Returns it.
-- KEYS[1] qctl's restart key, KEYS[2..] more keys to set
local now = tonumber(redis.call('TIME')[1])
local previous = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if previous >= now then now = previous + 1 end
for _, key in ipairs(KEYS) do redis.call('SET', key, now) end
return now
