-- Reserve up to ARGV[2] jobs from one queue, after Laravel's migrateExpiredJobs: due delayed
-- jobs, then expired reservations, go back to the end of the list (one notify token each).
-- Pop is Laravel's: LPOP, attempts+1 in a copy, ZADD that copy to :reserved scored at
-- now + retry_after (store time), LPOP one notify token. Unlike Laravel the copy is not
-- re-encoded by cjson (which turns [] into {} and rounds numbers to 14 digits, breaking
-- signatures and data after a crash): only the bytes of the top-level attempts value change.
-- An entry that is not such an object (a poison entry) is reserved byte for byte as it is and
-- returned with the reason; the caller fails it at once, fenced by its hex-encoded copy.
-- KEYS[1] queue list, KEYS[2] :delayed, KEYS[3] :reserved, KEYS[4] :notify
-- ARGV[1] retry_after seconds, ARGV[2] max jobs
-- Returns a flat list of (original, reserved copy, attempts, id, poison reason or '') per job;
-- for a poison entry the reserved copy is hex-encoded (its bytes may not be valid UTF-8).
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000

-- At most this many due jobs move per call (200k coming due at once blocked the server for
-- seconds); the rest move on the next calls, oldest first.
local MIGRATE_LIMIT = 1000

local function migrate(from)
  local jobs = redis.call('ZRANGEBYSCORE', from, '-inf', now, 'LIMIT', 0, MIGRATE_LIMIT)
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

-- Largest attempts value handed out: the worker counts attempts in a Java int.
local MAX_ATTEMPTS = 2147483646

local function hex(s)
  return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end))
end

-- Whether s is valid UTF-8 (the worker reads entries as UTF-8 text; a lossy copy could never
-- match the stored one, so acks and failures of it would be fenced out forever).
local function utf8ok(s)
  local i, n = 1, #s
  while i <= n do
    local c = s:byte(i)
    local len
    if c < 0x80 then len = 1
    elseif c >= 0xC2 and c <= 0xDF then len = 2
    elseif c >= 0xE0 and c <= 0xEF then len = 3
    elseif c >= 0xF0 and c <= 0xF4 then len = 4
    else return false end
    if i + len - 1 > n then return false end
    for k = i + 1, i + len - 1 do
      local b = s:byte(k)
      if b < 0x80 or b > 0xBF then return false end
    end
    if len == 3 then
      local b = s:byte(i + 1)
      if (c == 0xE0 and b < 0xA0) or (c == 0xED and b > 0x9F) then return false end
    elseif len == 4 then
      local b = s:byte(i + 1)
      if (c == 0xF0 and b < 0x90) or (c == 0xF4 and b > 0x8F) then return false end
    end
    i = i + len
  end
  return true
end

-- Finds the top-level "attempts" value of a JSON object without decoding the object.
-- Returns first, last (byte positions of the value; last = first - 1 when there is no such
-- key, first then being just after the opening brace), or nil and the reason.
local function attemptsSpan(s)
  local i = s:find('%S')
  if not i or s:byte(i) ~= 123 then return nil, 'not a JSON object' end
  local open, depth, first, last = i, 0, nil, nil
  while true do
    i = s:find('["{}%[%]]', i)
    if not i then return nil, 'not a JSON object (unbalanced)' end
    local c = s:byte(i)
    if c == 34 then
      local j = i + 1
      while true do
        j = s:find('["\\]', j)
        if not j then return nil, 'not a JSON object (unterminated string)' end
        if s:byte(j) == 92 then j = j + 2 else break end
      end
      if depth == 1 and s:sub(i + 1, j - 1) == 'attempts' then
        local v = s:match('^%s*:%s*()', j + 1)
        if v then
          if first then return nil, 'attempts appears twice' end
          local e = s:match('^[^,}%s]*()', v)
          first, last = v, e - 1
        end
      end
      i = j + 1
    elseif c == 123 or c == 91 then
      depth = depth + 1
      i = i + 1
    else
      depth = depth - 1
      if depth == 0 then
        if s:find('%S', i + 1) then return nil, 'not a JSON object (text after it)' end
        break
      end
      if depth < 0 then return nil, 'not a JSON object (unbalanced)' end
      i = i + 1
    end
  end
  if not first then return open + 1, open end
  return first, last
end

-- The reserved copy, its attempt number and id, or nil and why the entry is poison.
local function reserveCopy(job)
  if job == '' then return nil, 'empty entry' end
  if not utf8ok(job) then return nil, 'not valid UTF-8' end
  local first, last = attemptsSpan(job)
  if not first then return nil, last end
  local attempts
  if last < first then
    attempts = 1
    local sep = job:find('^%s*}', first) and '' or ','
    job = job:sub(1, first - 1) .. '"attempts":1' .. sep .. job:sub(first)
  else
    local token = job:sub(first, last)
    if not token:match('^%d+$') or #token > 10 or tonumber(token) >= MAX_ATTEMPTS then
      return nil, 'attempts is not a whole number from 0 to ' .. MAX_ATTEMPTS - 1 .. ': ' .. token:sub(1, 40)
    end
    attempts = tonumber(token) + 1
    job = job:sub(1, first - 1) .. string.format('%d', attempts) .. job:sub(last + 1)
  end
  -- the id is only read: a decode failure (say 1e400 elsewhere) leaves it to the worker
  local ok, decoded = pcall(cjson.decode, job)
  local id = ''
  if ok and type(decoded) == 'table' and type(decoded['id']) == 'string' then id = decoded['id'] end
  return job, attempts, id
end

local expiry = now + tonumber(ARGV[1])
local out = {}
for _ = 1, tonumber(ARGV[2]) do
  local job = redis.call('LPOP', KEYS[1])
  if not job then break end
  local reserved, attempts, id = reserveCopy(job)
  local poison = ''
  if not reserved then
    reserved, poison, attempts, id = job, attempts, 1, ''
  end
  redis.call('ZADD', KEYS[3], expiry, reserved)
  redis.call('LPOP', KEYS[4])
  if poison ~= '' then
    out[#out + 1] = job
    out[#out + 1] = hex(reserved)
  else
    out[#out + 1] = job
    out[#out + 1] = reserved
  end
  out[#out + 1] = tostring(attempts)
  out[#out + 1] = id
  out[#out + 1] = poison
end
return out
