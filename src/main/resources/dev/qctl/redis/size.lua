-- Counts of one queue: pending, delayed (not yet due), reserved, and the age in seconds of the
-- oldest pending job (-1 if unknown): the list head's createdAt (Laravel 12.11+, qctl), else its
-- pushedAt (Horizon), and the oldest due delayed job's score (when it became available), which is
-- all a Laravel 8 payload leaves to go by; the older of those known. Due delayed jobs count as
-- pending, as they would be migrated by the next reserve. Store time throughout.
-- KEYS[1] queue list, KEYS[2] :delayed, KEYS[3] :reserved
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local due = redis.call('ZCOUNT', KEYS[2], '-inf', now)
local pending = redis.call('LLEN', KEYS[1]) + due
local delayed = redis.call('ZCARD', KEYS[2]) - due
local age = -1
local first = redis.call('LINDEX', KEYS[1], 0)
if first then
  local ok, decoded = pcall(cjson.decode, first)
  if ok and type(decoded) == 'table' then
    local since = tonumber(decoded['createdAt']) or tonumber(decoded['pushedAt'])
    if since then age = math.max(0, math.floor(now - since)) end
  end
end
if due > 0 then
  local oldest = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'WITHSCORES', 'LIMIT', 0, 1)
  age = math.max(age, math.floor(now - tonumber(oldest[2])))
end
return {pending, delayed, redis.call('ZCARD', KEYS[3]), age}
