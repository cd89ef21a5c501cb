-- Cancel a batch (and mark it finished, as Laravel does), keeping earlier times.
-- KEYS[1] the batch hash. Returns 1, or 0 when there is no such batch.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local t = redis.call('TIME')
redis.call('HSETNX', KEYS[1], 'cancelled_at', t[1])
redis.call('HSETNX', KEYS[1], 'finished_at', t[1])
return 1
