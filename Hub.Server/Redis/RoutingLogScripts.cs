namespace KefuHub.Server.Redis;

/// <summary>
/// The Lua scripts of the per-tenant routing log. Each runs atomically in Redis, which is what orders
/// every node's commands into one sequence. StackExchange.Redis sends them by SHA once loaded.
/// </summary>
/// <remarks>
/// Keys: 1 meta hash (epoch, seq, snap = seq of the saved snapshot, first = highest seq trimmed from the
/// log, opts = fingerprint of the engine options the state was built with), 2 log stream (entry id
/// <c>seq-0</c>, fields <c>i</c> command id and <c>c</c> command), 3 command id → seq hash, 4 snapshot.
/// </remarks>
internal static class RoutingLogScripts
{
    /// <summary>
    /// Appends a round of commands (each unless its id is there already: a retry) and returns what the caller's
    /// replica has not applied. ARGV: 1 the replica's epoch ('' if none), 2 an epoch to create, 3 options
    /// fingerprint, 4 last seq applied, 5 '1' for a call of the seeding itself, 6 the channel that announces
    /// appends (<c>a:{tenant}:{epoch}:{last seq}</c>, once per round), 7 the tenant id, then pairs of command id
    /// and command (none to only read).
    /// Answers {'OK', epoch, last seq, snapSeq, snapshot, entries, seq of each command}, {'LOST'} when the state
    /// the replica knew is gone (Redis restarted empty or was flushed), {'SEED'} when a new state has not been
    /// seeded from the durable store yet (only the seeding's own calls pass: a read must not see a state without
    /// the tenant's sessions and agents; a read of no state at all creates it, so that it gets seeded), or
    /// {'OPTS', fingerprint} when the options differ.
    /// </summary>
    public const string Route =
        """
        local meta, log, ids, snap = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
        local epoch = redis.call('HGET', meta, 'epoch')
        if not epoch then
          if ARGV[1] ~= '' then return {'LOST'} end
          epoch = ARGV[2]
          redis.call('HSET', meta, 'epoch', epoch, 'seq', 0, 'snap', 0, 'first', 0, 'opts', ARGV[3], 'seeded', 0)
        elseif ARGV[1] ~= '' and ARGV[1] ~= epoch then
          return {'LOST'}
        end
        local opts = redis.call('HGET', meta, 'opts')
        if opts ~= ARGV[3] then return {'OPTS', opts} end
        if ARGV[5] ~= '1' and redis.call('HGET', meta, 'seeded') ~= '1' then return {'SEED'} end
        local seqs = {}
        local appended = false
        for i = 8, #ARGV, 2 do
          local existing = redis.call('HGET', ids, ARGV[i])
          if existing then
            seqs[#seqs + 1] = tonumber(existing)
          else
            local seq = redis.call('HINCRBY', meta, 'seq', 1)
            redis.call('XADD', log, seq .. '-0', 'i', ARGV[i], 'c', ARGV[i + 1])
            redis.call('HSET', ids, ARGV[i], seq)
            seqs[#seqs + 1] = seq
            appended = true
          end
        end
        local last = tonumber(redis.call('HGET', meta, 'seq'))
        if appended then redis.call('PUBLISH', ARGV[6], 'a:' .. ARGV[7] .. ':' .. epoch .. ':' .. last) end
        local after = tonumber(ARGV[4])
        local snapSeq = 0
        local blob = ''
        if after < tonumber(redis.call('HGET', meta, 'first')) then
          snapSeq = tonumber(redis.call('HGET', meta, 'snap'))
          blob = redis.call('GET', snap)
          after = snapSeq
        end
        return {'OK', epoch, last, snapSeq, blob, redis.call('XRANGE', log, (after + 1) .. '-0', '+'), seqs}
        """;

    /// <summary>
    /// Saves a snapshot taken at a seq and trims the log up to the previous snapshot, so that replicas up
    /// to one interval behind still catch up from the log. ARGV: 1 epoch, 2 seq, 3 snapshot.
    /// </summary>
    public const string Snapshot =
        """
        local meta, log, ids, snap = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
        if redis.call('HGET', meta, 'epoch') ~= ARGV[1] then return 0 end
        local seq = tonumber(ARGV[2])
        local prev = tonumber(redis.call('HGET', meta, 'snap'))
        if seq <= prev then return 0 end
        redis.call('SET', snap, ARGV[3])
        redis.call('HSET', meta, 'snap', seq, 'first', prev)
        if prev > 0 then
          for _, entry in ipairs(redis.call('XRANGE', log, '-', prev .. '-0')) do
            local fields = entry[2]
            for k = 1, #fields, 2 do
              if fields[k] == 'i' then redis.call('HDEL', ids, fields[k + 1]) end
            end
          end
          redis.call('XTRIM', log, 'MINID', (prev + 1) .. '-0')
        end
        return 1
        """;

    /// <summary>Marks a state as seeded, so that every command passes. ARGV: 1 the epoch that was seeded.</summary>
    public const string MarkSeeded =
        """
        if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'seeded', 1)
        return 1
        """;

    /// <summary>The epoch of a state that is seeded, or '' (none, or not seeded yet).</summary>
    public const string SeededEpoch =
        """
        if redis.call('HGET', KEYS[1], 'seeded') ~= '1' then return '' end
        return redis.call('HGET', KEYS[1], 'epoch')
        """;
}
