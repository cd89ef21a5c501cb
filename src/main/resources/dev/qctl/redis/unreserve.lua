-- Hand back a job that was reserved but never started: remove the exact reserved copy (the
-- fence) and put the job as it was before the reservation (attempts not counted) back at the
-- head of the list, where it came from, with its notify token.
-- KEYS[1] :reserved, KEYS[2] queue list, KEYS[3] :notify; ARGV[1] reserved copy, ARGV[2] original
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('LPUSH', KEYS[2], ARGV[2])
redis.call('RPUSH', KEYS[3], 1)
return 1
