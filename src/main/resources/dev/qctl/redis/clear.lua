-- Delete every job of a queue, reserved ones included (Laravel's clear); returns how many.
-- KEYS[1] queue list, KEYS[2] :delayed, KEYS[3] :reserved, KEYS[4] :notify
local size = redis.call('LLEN', KEYS[1]) + redis.call('ZCARD', KEYS[2]) + redis.call('ZCARD', KEYS[3])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
return size
