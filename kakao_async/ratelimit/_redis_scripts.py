"""The Lua scripts behind RedisRateLimiter and the names of the keys they touch.

Every timing decision is a TTL inside Redis, so no two hosts' clocks are ever compared. Per limiter
key (one quota's scope: e.g. one (user, ad account) pair) there are up to four Redis keys, all
carrying the same hash tag so each script's keys live in one Redis Cluster slot:

``<ns>:{<key>}:hold``  exists while a call is in flight (value: the holder's token). Its TTL is how
                       long a crashed holder can block the key.
``<ns>:{<key>}:cool``  exists from a call's completion until the next call may start.
``<ns>:{<key>}:gone``  a set of tokens whose holders gave up while waiting; their late-arriving
                       acquires must not take the key.
``<ns>:{<key>}:rej``   how many quota rejections (429s) were fed back on the key; lives while a
                       call holds the key and through its cooldown (plus a waiter's grace to
                       take the key), so it counts since the key was last idle, for snapshots.

The interval is not stored: each call brings its own (its quota's), in the milliseconds it asks
for, so keys of different quotas keep their own spacing.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["ABANDON", "ACQUIRE", "READY_IN", "RELEASE", "STATE", "RedisKeys", "redis_keys"]

# KEYS: hold, cool, gone, rej. ARGV: token, hold ms, poll ms, restart ms.
# Returns 1: go, the hold is ours; -n: ask again in n ms; 0: this token was abandoned.
ACQUIRE = """
if redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 1 then return 0 end
local held = redis.call('PTTL', KEYS[1])
if held ~= -2 then
  -- Ours already: a retried acquire whose first reply was lost.
  if redis.call('GET', KEYS[1]) == ARGV[1] then return 1 end
  -- At least 1 ms: a PTTL of 0 (under a millisecond left) must not read as "abandoned".
  if held < 0 then held = tonumber(ARGV[3]) end
  return -math.max(1, math.min(held, tonumber(ARGV[3])))
end
local cool = redis.call('PTTL', KEYS[2])
if cool > 0 then return -cool end
-- The key looks free. A Redis that started less than one interval ago may have lost its
-- cooldown (restart without persistence): keep the key closed until an interval has passed.
-- Whole seconds of uptime under-count, so this errs on the closed side.
local up = string.match(redis.call('INFO', 'server'), 'uptime_in_seconds:(%d+)')
if up then
  local young = tonumber(ARGV[4]) - 1000 * tonumber(up)
  if young > 0 then
    redis.call('SET', KEYS[2], '1', 'PX', young)
    return -young
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
-- The key's 429 count lives while a call holds it (a crashed holder's: until its hold expires).
redis.call('PEXPIRE', KEYS[4], ARGV[2])
return 1
"""

# KEYS: hold, cool, rej. ARGV: token, cooldown ms, 1 if the call was rejected (429) else 0,
# grace ms. Counted only while the hold is still ours, so a retried release (its first reply
# lost) does not count twice. The count then lives as long as the cooldown, plus the grace a
# waiter needs to take the key when it ends: a key idle for longer forgets it.
RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  if ARGV[3] == '1' then redis.call('INCR', KEYS[3]) end
end
local wanted = tonumber(ARGV[2])
local cooling = redis.call('PTTL', KEYS[2])
if cooling < wanted then
  redis.call('SET', KEYS[2], '1', 'PX', wanted)
  cooling = wanted
end
redis.call('PEXPIRE', KEYS[3], cooling + tonumber(ARGV[4]))
return wanted
"""

# KEYS: hold, gone. ARGV: token, tombstone ms.
# The holder gave up before it saw a go, so nothing was sent and no cooldown is due. Its acquire
# may have run already (drop the hold) or may still run later, queued behind a stall or on a
# slow connection (the tombstone makes that acquire refuse).
ABANDON = """
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
"""

# KEYS: hold, cool.
READY_IN = """
return math.max(redis.call('PTTL', KEYS[1]), redis.call('PTTL', KEYS[2]), 0)
"""

# KEYS: hold, cool, rej. Returns {ms until a call could start, in flight (0/1), rejections}.
STATE = """
local held = redis.call('PTTL', KEYS[1])
local ready = math.max(held, redis.call('PTTL', KEYS[2]), 0)
return {ready, held ~= -2 and 1 or 0, tonumber(redis.call('GET', KEYS[3]) or '0')}
"""


class RedisKeys(NamedTuple):
    """The Redis names of one limiter key."""

    hold: str
    cool: str
    gone: str
    rej: str


def redis_keys(namespace: str, key: str) -> RedisKeys:
    """The names of ``key``. Braces and ``%`` in the key are percent-escaped, so the hash tag is
    always exactly the (escaped) key and never empty for a non-empty key."""
    tag = key.replace("%", "%25").replace("{", "%7B").replace("}", "%7D")
    prefix = f"{namespace}:{{{tag}}}:"
    return RedisKeys(prefix + "hold", prefix + "cool", prefix + "gone", prefix + "rej")
