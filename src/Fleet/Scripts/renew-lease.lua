-- Extends the lease only for the holder that took it (owner id and fencing token both match).
-- KEYS[1] lease; ARGV[1] "owner|token", ARGV[2] lease time in milliseconds. Returns 1 when extended, else 0.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
