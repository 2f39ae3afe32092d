using Dapper;

namespace KefuHub.Server.Storage;

internal sealed partial class SqlKefuStore : IAgentSearchStore
{
    private const string AgentSearchCondition = """
         AND (LOWER(username) LIKE @pattern ESCAPE '\' OR LOWER(COALESCE(true_name, '')) LIKE @pattern ESCAPE '\'
              OR LOWER(COALESCE(mobile_phone, '')) LIKE @pattern ESCAPE '\' OR LOWER(COALESCE(agent_number, '')) LIKE @pattern ESCAPE '\')
        """;

    public ValueTask<AgentSearchPage> SearchAgentsAsync(int tenantId, string? keyValue, int page, int size, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(page);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var where = "WHERE tenant_id = @tenantId" + (string.IsNullOrEmpty(keyValue) ? "" : AgentSearchCondition);
        var parameters = new { tenantId, pattern = ContainsPattern(keyValue ?? ""), size, offset = (long)page * size };
        return ReadAsync(
            async connection =>
            {
                var total = await connection.ExecuteScalarAsync<long>(Command($"SELECT COUNT(*) FROM agents {where}", parameters, null, cancellationToken)).ConfigureAwait(false);
                var agents = await QueryAsync(
                    connection,
                    Command($"SELECT {AgentColumns} FROM agents {where} ORDER BY created_at, user_id LIMIT @size OFFSET @offset", parameters, null, cancellationToken),
                    ReadAgent).ConfigureAwait(false);
                return new AgentSearchPage(agents, total);
            },
            cancellationToken);
    }

    public async ValueTask<bool> UsernameExistsInOtherTenantAsync(int tenantId, string username, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(username);
        var count = await ReadAsync(
            connection => connection.ExecuteScalarAsync<long>(Command(
                "SELECT COUNT(*) FROM agents WHERE tenant_id <> @tenantId AND normalized_username = @normalized",
                new { tenantId, normalized = NormalizeUsername(username) },
                null,
                cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return count > 0;
    }

    /// <summary>A LIKE pattern (escape character <c>\</c>) matching values that contain <paramref name="text"/>, lower-cased.</summary>
    private static string ContainsPattern(string text) => "%" + EscapeLike(text.ToLowerInvariant()) + "%";

    /// <summary>The text as a LIKE pattern that matches it literally (escape character <c>\</c>).</summary>
    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
