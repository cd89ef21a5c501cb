-- Writes one worker's heartbeat: a hash with its JSON and the store's time, expiring after the
-- TTL, and its expiry in the index; expired index entries go at the same time (their hashes
-- have expired by themselves). Returns the store's time.
-- KEYS[1] index (sorted set id -> expiry), KEYS[2] the worker's hash; ARGV[1] id, ARGV[2] JSON, ARGV[3] TTL seconds
local now = tonumber(redis.call('TIME')[1])
local ttl = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('HSET', KEYS[2], 'info', ARGV[2], 'seen', now)
redis.call('EXPIRE', KEYS[2], ttl)
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
return now
