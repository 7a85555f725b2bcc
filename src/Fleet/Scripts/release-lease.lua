-- Gives the lease up, only if the caller still holds it, and tells the others at once (they would otherwise wait
-- for the expiry). KEYS[1] lease; ARGV[1] "owner|token", ARGV[2] the channel of lease releases. Returns 1 or 0.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], ARGV[1])
  return 1
end
return 0
