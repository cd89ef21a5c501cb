-- Give a lock up only if the caller still holds it (compare and delete).
-- KEYS[1] the lock, KEYS[2] the index; ARGV[1] owner, ARGV[2] the lock's name. Returns 1 or 0.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[2])
  return 1
end
return 0
