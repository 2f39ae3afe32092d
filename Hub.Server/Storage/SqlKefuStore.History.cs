using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Data.Common;
using Dapper;

namespace KefuHub.Server.Storage;

internal sealed partial class SqlKefuStore : ISessionHistoryStore
{
    private static readonly string HistoryColumns =
        string.Join(", ", SessionColumns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => "s." + c)) +
        ", v.nickname AS visitor_nickname, v.true_name AS visitor_true_name, v.tag_ids AS visitor_tag_ids, a.username AS agent_username, a.nicename AS agent_nicename, a.true_name AS agent_true_name";

    public ValueTask<SessionHistoryPage> QueryHistoryAsync(SessionHistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Page, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.PerPage);
        var (where, parameters) = HistoryFilter(query);
        var from = $"""
            FROM sessions s
            LEFT JOIN visitors v ON v.tenant_id = s.tenant_id AND v.visitor_id = s.visitor_id
            LEFT JOIN agents a ON a.tenant_id = s.tenant_id AND a.user_id = s.agent_user_id
            {where}
            """;
        // Sort columns come from the enum, never from the request; NULLs (not started, not stopped) go last either way.
        var column = query.SortField switch
        {
            SessionHistorySortField.StartDateTime => "s.started_at",
            SessionHistorySortField.StopDateTime => "s.stopped_at",
            _ => "s.created_at",
        };
        var direction = query.Descending ? "DESC" : "ASC";
        parameters.Add("size", query.PerPage);
        parameters.Add("offset", (long)(query.Page - 1) * query.PerPage);
        return ReadAsync(
            async connection =>
            {
                var total = await connection.ExecuteScalarAsync<long>(Command($"SELECT COUNT(*) {from}", parameters, null, cancellationToken)).ConfigureAwait(false);
                var rows = await QueryAsync(
                    connection,
                    Command(
                        $"""
                        SELECT {HistoryColumns} {from}
                        ORDER BY CASE WHEN {column} IS NULL THEN 1 ELSE 0 END, {column} {direction}, s.service_session_id {direction}
                        LIMIT @size OFFSET @offset
                        """,
                        parameters,
                        null,
                        cancellationToken),
                    reader => new SessionHistoryRow(
                        ReadSession(reader),
                        reader.NullableString("visitor_nickname"),
                        reader.NullableString("agent_username"),
                        reader.NullableString("agent_nicename"),
                        reader.NullableString("agent_true_name"))
                    {
                        VisitorTrueName = reader.NullableString("visitor_true_name"),
                        VisitorTagIds = reader.NullableString("visitor_tag_ids") is { } tags
                            ? JsonSerializer.Deserialize(tags, StorageJsonContext.Default.IReadOnlyListInt32)!
                            : [],
                    }).ConfigureAwait(false);
                return new SessionHistoryPage(await WithAgentsAsync(connection, query.TenantId, rows, cancellationToken).ConfigureAwait(false), total);
            },
            cancellationToken);
    }

    /// <summary>The rows with every agent who served each (one query for the page).</summary>
    private static async Task<List<SessionHistoryRow>> WithAgentsAsync(DbConnection connection, int tenantId, List<SessionHistoryRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return rows;
        }

        var sql = new StringBuilder(
            """
            SELECT sa.service_session_id, sa.agent_user_id, a.username, a.nicename, a.true_name FROM session_agents sa
            LEFT JOIN agents a ON a.tenant_id = sa.tenant_id AND a.user_id = sa.agent_user_id
            WHERE sa.tenant_id = @tenantId
            """);
        var parameters = new DynamicParameters();
        parameters.Add("tenantId", tenantId);
        AddIn(sql, parameters, "sa.service_session_id", "session", rows.Select(r => r.Session.ServiceSessionId).ToList());
        sql.Append(" ORDER BY sa.first_assigned_at, sa.agent_user_id");
        var agents = (await QueryAsync(
                connection,
                Command(sql.ToString(), parameters, null, cancellationToken),
                reader => (SessionId: reader.String("service_session_id"), Agent: new SessionAgentName(
                    reader.String("agent_user_id"), reader.NullableString("username"), reader.NullableString("nicename"), reader.NullableString("true_name"))))
            .ConfigureAwait(false))
            .ToLookup(a => a.SessionId, a => a.Agent);
        return rows.ConvertAll(row => row with { Agents = agents[row.Session.ServiceSessionId].ToList() });
    }

    /// <summary>The WHERE clause: fixed SQL fragments, every value a parameter.</summary>
    private static (string Where, DynamicParameters Parameters) HistoryFilter(SessionHistoryQuery query)
    {
        var sql = new StringBuilder("WHERE s.tenant_id = @tenantId");
        var parameters = new DynamicParameters();
        parameters.Add("tenantId", query.TenantId);
        if (query.States.Count > 0)
        {
            AddIn(sql, parameters, "s.state", "state", query.States.Select(s => (int)s).Distinct().ToList());
        }

        if (query.OriginTypes.Count > 0)
        {
            AddIn(sql, parameters, "s.origin_type", "originType", query.OriginTypes.Distinct().ToList());
        }

        if (!string.IsNullOrEmpty(query.CustomerName))
        {
            sql.Append(" AND LOWER(COALESCE(v.nickname, '')) LIKE @customerName ESCAPE '\\'");
            parameters.Add("customerName", ContainsPattern(query.CustomerName));
        }

        if (query.Transferred is { } transferred)
        {
            sql.Append(" AND s.transferred = @transferred");
            parameters.Add("transferred", transferred);
        }

        if (query.FromAgentCallback == true)
        {
            sql.Append(" AND 1 = 0");
        }

        if (query.EnquirySummary is 0)
        {
            sql.Append(" AND s.enquiry_summary IS NULL");
        }
        else if (query.EnquirySummary is { } score)
        {
            sql.Append(" AND s.enquiry_summary = @score");
            parameters.Add("score", score);
        }

        if (query.QueueIds.Count > 0)
        {
            AddIn(sql, parameters, "s.queue_id", "queueId", query.QueueIds.Distinct().ToList());
        }

        if (query.AgentUserIds.Count > 0)
        {
            AddIn(sql, parameters, "s.agent_user_id", "agentUserId", query.AgentUserIds.Distinct().ToList());
        }

        if (query.ServedByAgentUserId is { } servedBy)
        {
            sql.Append(
                " AND EXISTS (SELECT 1 FROM session_agents sa WHERE sa.tenant_id = s.tenant_id AND sa.service_session_id = s.service_session_id AND sa.agent_user_id = @servedBy)");
            parameters.Add("servedBy", servedBy);
        }

        // Every session of KefuHub comes through its one channel.
        if ((query.TechChannelIds.Count > 0 && !query.TechChannelIds.Contains(TechChannel.Id)) ||
            (query.TechChannelTypes.Count > 0 && !query.TechChannelTypes.Contains(TechChannel.Type, StringComparer.OrdinalIgnoreCase)))
        {
            sql.Append(" AND 1 = 0");
        }

        if (query.EnquiryTags.Count > 0)
        {
            // An item of the JSON array: its JSON text between commas, as the store writes it (same escaping), ignoring case.
            AddJsonItemMatch(sql, parameters, "s.enquiry_tags", "enquiryTag", query.EnquiryTags.Distinct().Select(t => JsonSerializer.Serialize(t, StorageJsonContext.Default.String)).ToList());
        }

        if (query.SummaryIds.Count > 0)
        {
            AddJsonItemMatch(sql, parameters, "s.summary_ids", "summaryId", query.SummaryIds.Distinct().Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList());
        }

        AddRange(sql, parameters, "s.started_at", "started", query.StartedFrom, query.StartedTo);
        AddRange(sql, parameters, "s.stopped_at", "stopped", query.StoppedFrom, query.StoppedTo);
        AddRange(sql, parameters, "s.created_at", "created", query.CreatedFrom, query.CreatedTo);
        return (sql.ToString(), parameters);
    }

    /// <summary>
    /// <c>column IN (@name0, @name1, ...)</c>, one parameter per value: Dapper sends a list to Npgsql as one
    /// array parameter, which <c>IN</c> does not take, so the expansion is ours and the same for both databases.
    /// </summary>
    private static void AddIn<T>(StringBuilder sql, DynamicParameters parameters, string column, string name, List<T> values)
    {
        sql.Append(CultureInfo.InvariantCulture, $" AND {column} IN (");
        for (var i = 0; i < values.Count; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ", ")}@{name}{i}");
            parameters.Add(name + i.ToString(CultureInfo.InvariantCulture), values[i]);
        }

        sql.Append(')');
    }

    /// <summary>
    /// The JSON array in <paramref name="column"/> (written without spaces) holds one of <paramref name="items"/>,
    /// each given as its JSON text: the array's inside between commas, matched with LIKE, portable to both databases.
    /// </summary>
    private static void AddJsonItemMatch(StringBuilder sql, DynamicParameters parameters, string column, string name, List<string> items)
    {
        sql.Append(" AND (");
        for (var i = 0; i < items.Count; i++)
        {
            var parameter = name + i.ToString(CultureInfo.InvariantCulture);
            sql.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : " OR ")}LOWER(',' || SUBSTR({column}, 2, LENGTH({column}) - 2) || ',') LIKE @{parameter} ESCAPE '\\'");
            parameters.Add(parameter, "%," + EscapeLike(items[i].ToLowerInvariant()) + ",%");
        }

        sql.Append(')');
    }

    private static void AddRange(StringBuilder sql, DynamicParameters parameters, string column, string name, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is { } start)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND {column} >= @{name}From");
            parameters.Add(name + "From", start.ToUnixTimeMilliseconds());
        }

        if (to is { } end)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND {column} <= @{name}To");
            parameters.Add(name + "To", end.ToUnixTimeMilliseconds());
        }
    }
}
