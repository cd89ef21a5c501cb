-- Reserve up to ARGV[2] jobs from one queue, after Laravel's migrateExpiredJobs: due delayed
-- jobs, then expired reservations, go back to the end of the list (one notify token each).
-- Pop is Laravel's: LPOP, attempts+1 in a re-encoded copy, ZADD that copy to :reserved scored
-- at now + retry_after (store time), LPOP one notify token.
-- KEYS[1] queue list, KEYS[2] :delayed, KEYS[3] :reserved, KEYS[4] :notify
-- ARGV[1] retry_after seconds, ARGV[2] max jobs
-- Returns a flat list of (original, reserved copy, attempts, id) per job.
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000

local function migrate(from)
  local jobs = redis.call('ZRANGEBYSCORE', from, '-inf', now)
  if #jobs == 0 then return end
  redis.call('ZREMRANGEBYRANK', from, 0, #jobs - 1)
  for i = 1, #jobs, 100 do
    local last = math.min(i + 99, #jobs)
    redis.call('RPUSH', KEYS[1], unpack(jobs, i, last))
    for _ = i, last do redis.call('RPUSH', KEYS[4], 1) end
  end
end
migrate(KEYS[2])
migrate(KEYS[3])

local expiry = now + tonumber(ARGV[1])
local out = {}
for _ = 1, tonumber(ARGV[2]) do
  local job = redis.call('LPOP', KEYS[1])
  if not job then break end
  local reserved, attempts, id = job, 1, ''
  local ok, decoded = pcall(cjson.decode, job)
  if ok and type(decoded) == 'table' then
    attempts = (tonumber(decoded['attempts']) or 0) + 1
    decoded['attempts'] = attempts
    if type(decoded['id']) == 'string' then id = decoded['id'] end
    reserved = cjson.encode(decoded)
  end
  -- an unreadable payload is reserved as it is; the worker fails it at once
  redis.call('ZADD', KEYS[3], expiry, reserved)
  redis.call('LPOP', KEYS[4])
  out[#out + 1] = job
  out[#out + 1] = reserved
  out[#out + 1] = tostring(attempts)
  out[#out + 1] = id
end
return out
