namespace KefuHub.Server.Redis;

/// <summary>
/// The Lua scripts of <see cref="RedisCallerLimiter"/>: each check-and-count is one atomic step in Redis,
/// so two nodes cannot both hand out a caller's last connection slot or call token.
/// </summary>
internal static class CallerLimitScripts
{
    /// <summary>
    /// Counts a connection unless the caller holds its maximum. KEYS: 1 the caller's connection set
    /// (members <c>{node}:{connectionId}</c>), 2 the node heartbeats (<c>{prefix}:nodes</c>). ARGV: 1 the
    /// member, 2 this node, 3 the maximum, 4 the node timeout in seconds. Members of nodes silent that long
    /// (or reaped) are dropped on the way, so a dead node's connections stop counting when the reaper would
    /// drop them from routing; this node counts as alive even before its first beat. Answers 1 or 0.
    /// </summary>
    public const string Open =
        """
        local now = tonumber(redis.call('TIME')[1])
        local alive = {[ARGV[2]] = true}
        local count = 0
        for _, member in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          if member == ARGV[1] then return 1 end
          local node = string.match(member, '^([^:]*):')
          local live = alive[node]
          if live == nil then
            local beat = redis.call('ZSCORE', KEYS[2], node)
            live = beat ~= false and tonumber(beat) >= now - tonumber(ARGV[4])
            alive[node] = live
          end
          if live then count = count + 1 else redis.call('SREM', KEYS[1], member) end
        end
        if count >= tonumber(ARGV[3]) then return 0 end
        redis.call('SADD', KEYS[1], ARGV[1])
        return 1
        """;

    /// <summary>
    /// Releases a connection. KEYS: 1 the connection set, 2 the call bucket; ARGV: 1 the member. With the
    /// caller's last connection its bucket goes too (as in-process), so nothing of it stays in Redis.
    /// </summary>
    public const string Close =
        """
        redis.call('SREM', KEYS[1], ARGV[1])
        if redis.call('SCARD', KEYS[1]) == 0 then redis.call('DEL', KEYS[2]) end
        return 1
        """;

    /// <summary>
    /// Takes a token from the caller's bucket, refilled at ARGV[1] per second up to ARGV[2], on Redis'
    /// clock (node clocks don't matter). KEYS: 1 the bucket (hash: <c>t</c> ms of the last call, <c>n</c>
    /// tokens left). It expires once it would be full again, which is the same as no bucket. Answers 1 or 0.
    /// </summary>
    public const string Call =
        """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
        local last = redis.call('HMGET', KEYS[1], 't', 'n')
        local tokens = burst
        if last[1] then tokens = math.min(burst, tonumber(last[2]) + math.max(0, now - tonumber(last[1])) * rate / 1000) end
        local granted = 0
        if tokens >= 1 then
          tokens = tokens - 1
          granted = 1
        end
        redis.call('HSET', KEYS[1], 't', now, 'n', tokens)
        redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
        return granted
        """;

    /// <summary>
    /// One fixed window per key: KEYS[1] counts the attempts of the window, which starts with the first and
    /// lasts ARGV[1] ms. Answers {count, ms left}; an attempt is allowed when count is within the limit.
    /// </summary>
    public const string Window =
        """
        local count = redis.call('INCR', KEYS[1])
        local left = redis.call('PTTL', KEYS[1])
        if left < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          left = tonumber(ARGV[1])
        end
        return {count, left}
        """;
}
