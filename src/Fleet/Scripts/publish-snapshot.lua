-- Publishes a snapshot version, atomically: only the holder of the current lease with the newest fencing token may
-- write (a stale leader is refused even if its lease has lapsed unnoticed), and only a version newer than the stored
-- one is accepted, so the stored snapshot never goes backwards; the same version is written again only in another
-- snapshot format (the store's state unchanged, for the instances of the leader's version after a rolling upgrade).
-- Then the announcement goes out on the channel.
-- KEYS[1] fencing counter, KEYS[2] lease, KEYS[3] snapshot hash.
-- ARGV[1] owner id, ARGV[2] fencing token, ARGV[3] version, ARGV[4] content hash, ARGV[5] full snapshot,
-- ARGV[6] channel, ARGV[7] announcement, ARGV[8] snapshot format.
-- Returns 1 published, 0 not newer than the stored version, -1 fenced off (not the current lease holder).
local fence = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[2]) ~= fence or redis.call('GET', KEYS[2]) ~= ARGV[1] .. '|' .. ARGV[2] then
  return -1
end
local stored = tonumber(redis.call('HGET', KEYS[3], 'v') or '-1')
local version = tonumber(ARGV[3])
if version < stored or (version == stored and redis.call('HGET', KEYS[3], 'f') == ARGV[8]) then
  return 0
end
redis.call('HSET', KEYS[3], 'v', ARGV[3], 'h', ARGV[4], 't', ARGV[2], 'body', ARGV[5], 'f', ARGV[8])
redis.call('PUBLISH', ARGV[6], ARGV[7])
return 1
