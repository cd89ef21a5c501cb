-- Give many locks up, each only if the caller still holds it (lock_release.lua, in one call).
-- KEYS[1..n] the locks, KEYS[n+1] the index; ARGV[1] owner, ARGV[2..n+1] the locks' names.
-- Returns how many were released.
local index = KEYS[#KEYS]
local n = 0
for i = 1, #KEYS - 1 do
  if redis.call('GET', KEYS[i]) == ARGV[1] then
    redis.call('DEL', KEYS[i])
    redis.call('ZREM', index, ARGV[i + 1])
    n = n + 1
  end
end
return n
