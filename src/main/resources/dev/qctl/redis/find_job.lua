-- Looks for a job by id (or uuid) in one queue's keys, one slice at a time: the pending list's
-- entries ARGV[2] .. ARGV[2]+ARGV[3]-1 and the same ranks of :delayed and :reserved. Laravel's
-- layout has no index by id, so this walks; a plain substring test screens each entry and only a
-- hit is decoded. A delayed entry already due counts as pending, as in size.lua.
-- KEYS[1] list, KEYS[2] :delayed, KEYS[3] :reserved; ARGV[1] id, ARGV[2] first rank, ARGV[3] how many
-- Returns {state, payload} on a hit, else {'more'} while a key has entries past the slice, else {}.
local id = ARGV[1]
local from = tonumber(ARGV[2])
local to = from + tonumber(ARGV[3]) - 1
local needle = '"' .. id .. '"'
local function hit(entry)
  if not string.find(entry, needle, 1, true) then return false end
  local ok, decoded = pcall(cjson.decode, entry)
  return ok and type(decoded) == 'table' and (tostring(decoded['id']) == id or decoded['uuid'] == id)
end
for _, e in ipairs(redis.call('LRANGE', KEYS[1], from, to)) do
  if hit(e) then return {'pending', e} end
end
local now = tonumber(redis.call('TIME')[1])
local delayed = redis.call('ZRANGE', KEYS[2], from, to, 'WITHSCORES')
for i = 1, #delayed, 2 do
  if hit(delayed[i]) then return {tonumber(delayed[i + 1]) <= now and 'pending' or 'delayed', delayed[i]} end
end
for _, e in ipairs(redis.call('ZRANGE', KEYS[3], from, to)) do
  if hit(e) then return {'reserved', e} end
end
if redis.call('LLEN', KEYS[1]) > to + 1 or redis.call('ZCARD', KEYS[2]) > to + 1 or redis.call('ZCARD', KEYS[3]) > to + 1 then
  return {'more'}
end
return {}
