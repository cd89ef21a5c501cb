-- A keyed job left the queue: optionally ack it (ZREM its exact reserved copy, the fence), then
-- free its dispatch key if the job still holds it, or keep it for a while as done.
-- KEYS[1] the key's lock, KEYS[2] the lock index, KEYS[3] queue:reserved (ack only).
-- ARGV[1] the lock's name, ARGV[2] the job's id, ARGV[3] keep ms (0 = free now),
-- ARGV[4] the reserved copy to ack ('' = no ack). Returns 1, or 0 when the ack was fenced out.
if ARGV[4] ~= '' then
  if redis.call('ZREM', KEYS[3], ARGV[4]) == 0 then
    return 0
  end
end
if redis.call('GET', KEYS[1]) == 'job:' .. ARGV[2] then
  local keep = tonumber(ARGV[3])
  if keep > 0 then
    redis.call('SET', KEYS[1], 'done:' .. ARGV[2], 'PX', keep)
    local t = redis.call('TIME')
    redis.call('ZADD', KEYS[2], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + keep, ARGV[1])
  else
    redis.call('DEL', KEYS[1])
    redis.call('ZREM', KEYS[2], ARGV[1])
  end
end
return 1
