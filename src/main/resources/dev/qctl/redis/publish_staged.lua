-- Publishes a staged bulk push in one step, so a dispatcher that dies midway leaves nothing a
-- worker can see (its staging keys expire). Per queue, six keys in a row:
-- staged list, staged delayed, staged notify, queue list, queue delayed, queue notify.
-- Moves 1,000 entries per command so no single command's arguments grow with the push.
local function move_list(from, to)
  local n = redis.call('LLEN', from)
  for start = 0, n - 1, 1000 do
    local part = redis.call('LRANGE', from, start, start + 999)
    if #part > 0 then redis.call('RPUSH', to, unpack(part)) end
  end
  redis.call('DEL', from)
  return n
end

local moved = 0
for i = 1, #KEYS, 6 do
  moved = moved + move_list(KEYS[i], KEYS[i + 3])
  if redis.call('EXISTS', KEYS[i + 1]) == 1 then
    redis.call('ZUNIONSTORE', KEYS[i + 4], 2, KEYS[i + 4], KEYS[i + 1])
    moved = moved + redis.call('ZCARD', KEYS[i + 1])
    redis.call('DEL', KEYS[i + 1])
  end
  move_list(KEYS[i + 2], KEYS[i + 5])
end
return moved
