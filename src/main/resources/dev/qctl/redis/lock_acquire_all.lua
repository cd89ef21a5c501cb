-- Take many named locks in one call (a batch of `qctl retry all`), each as lock_acquire.lua does.
-- KEYS[1..n] the locks, KEYS[n+1] the index of lock names; ARGV[1] owner, ARGV[2] ttl in ms,
-- ARGV[3..n+2] the locks' names. Returns, lock by lock, 1 if taken, else 0.
local index = KEYS[#KEYS]
local t = redis.call('TIME')
local expires = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[2])
local out = {}
for i = 1, #KEYS - 1 do
  if redis.call('SET', KEYS[i], ARGV[1], 'NX', 'PX', ARGV[2]) then
    redis.call('ZADD', index, expires, ARGV[i + 2])
    out[i] = 1
  else
    out[i] = 0
  end
end
return out
