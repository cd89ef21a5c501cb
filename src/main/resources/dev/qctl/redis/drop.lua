-- Remove one reservation by its hex-encoded copy (a poison entry's, on Cluster, after its
-- failure was recorded in the failed keys' own slot). KEYS[1] :reserved; ARGV[1] hex copy.
-- Returns 1, or 0 when the reservation was no longer there.
local copy = ARGV[1]:gsub('..', function(x) return string.char(tonumber(x, 16)) end)
return redis.call('ZREM', KEYS[1], copy)
