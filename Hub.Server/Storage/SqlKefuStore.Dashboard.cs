using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;

namespace KefuHub.Server.Storage;

internal sealed partial class SqlKefuStore : IDashboardStore
{
    public ValueTask<DashboardCounts> GetDashboardCountsAsync(int tenantId, IReadOnlyList<DateTimeOffset> dayStarts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dayStarts);
        if (dayStarts.Count < 2)
        {
            throw new ArgumentException("At least one day (two instants) is needed.", nameof(dayStarts));
        }

        var days = dayStarts.Count - 1;
        return ReadAsync(
            async connection =>
            {
                var sessions = await CountPerDayAsync(connection, "sessions", tenantId, dayStarts, cancellationToken).ConfigureAwait(false);
                var messages = await CountPerDayAsync(connection, "messages", tenantId, dayStarts, cancellationToken).ConfigureAwait(false);
                var processing = await connection.ExecuteScalarAsync<long>(Command(
                    "SELECT COUNT(*) FROM sessions WHERE tenant_id = @tenantId AND state = 1", new { tenantId }, null, cancellationToken)).ConfigureAwait(false);
                var byAgent = await QueryAsync(
                    connection,
                    Command(
                        """
                        SELECT agent_user_id, COUNT(*) AS n FROM sessions
                        WHERE tenant_id = @tenantId AND created_at >= @from AND created_at < @to AND agent_user_id IS NOT NULL
                        GROUP BY agent_user_id
                        """,
                        new { tenantId, from = Millis(dayStarts[days - 1]), to = Millis(dayStarts[days]) },
                        null,
                        cancellationToken),
                    reader => new AgentSessionCount(reader.String("agent_user_id"), (int)reader.Int64("n"))).ConfigureAwait(false);
                return new DashboardCounts(sessions, messages, (int)processing, byAgent);
            },
            cancellationToken);
    }

    /// <summary>
    /// Rows of <paramref name="table"/> (one of this file's names, never input) per day, by <c>created_at</c>:
    /// one range scan per day over the (tenant_id, created_at) index, the days given as parameters.
    /// </summary>
    private static async Task<IReadOnlyList<int>> CountPerDayAsync(DbConnection connection, string table, int tenantId, IReadOnlyList<DateTimeOffset> dayStarts, CancellationToken cancellationToken)
    {
        var days = dayStarts.Count - 1;
        var values = new StringBuilder();
        var parameters = new DynamicParameters();
        parameters.Add("tenantId", tenantId);
        for (var day = 0; day < days; day++)
        {
            values.Append(CultureInfo.InvariantCulture, $"{(day == 0 ? string.Empty : ", ")}({day}, @s{day}, @s{day + 1})");
        }

        for (var i = 0; i <= days; i++)
        {
            parameters.Add("s" + i.ToString(CultureInfo.InvariantCulture), Millis(dayStarts[i]));
        }

        var counts = new int[days];
        var rows = await QueryAsync(
            connection,
            Command(
                $"""
                WITH days (day, day_start, day_end) AS (VALUES {values})
                SELECT days.day AS day, COUNT(t.created_at) AS n
                FROM days LEFT JOIN {table} t ON t.tenant_id = @tenantId AND t.created_at >= days.day_start AND t.created_at < days.day_end
                GROUP BY days.day
                """,
                parameters,
                null,
                cancellationToken),
            reader => (Day: reader.Int32("day"), Count: (int)reader.Int64("n"))).ConfigureAwait(false);
        foreach (var (day, count) in rows)
        {
            counts[day] = count;
        }

        return counts;
    }
}
