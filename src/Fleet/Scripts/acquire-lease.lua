-- Takes the fleet's lease if nobody holds it, with a fencing token higher than any handed out before.
-- KEYS[1] lease, KEYS[2] fencing counter; ARGV[1] owner id, ARGV[2] lease time in milliseconds.
-- Returns the new fencing token, or 0 when the lease is held.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token, 'PX', ARGV[2])
return token
