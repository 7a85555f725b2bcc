-- Takes the fleet's lease if nobody holds it, with a fencing token higher than any handed out before.
-- KEYS[1] lease, KEYS[2] fencing counter; ARGV[1] owner id, ARGV[2] lease time in milliseconds.
-- Returns {token, 0} when taken (the new fencing token), or {0, remaining} when the lease is held: its time to
-- live in milliseconds (-1 when it has no expiry), so that the caller tries again when it runs out, not before.
local remaining = redis.call('PTTL', KEYS[1])
if remaining ~= -2 then
  return {0, remaining}
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token, 'PX', ARGV[2])
return {token, 0}
