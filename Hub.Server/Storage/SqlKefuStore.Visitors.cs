using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;

namespace KefuHub.Server.Storage;

internal sealed partial class SqlKefuStore
{
    private const string VisitorColumns = """
        tenant_id, visitor_id, user_id, nickname, true_name, phone, email, company, description, custom_fields, tag_ids,
        source_page, referrer, user_agent, created_at, last_seen_at
        """;

    // A hundred a statement keeps SQLite's linear look-up of named parameters short.
    private const int VisitorsPerStatement = 100;

    private const string InsertVisitorSql = """
        INSERT INTO visitors (tenant_id, visitor_id, user_id, nickname, true_name, phone, email, company, description, custom_fields, tag_ids,
                              source_page, referrer, user_agent, created_at, last_seen_at)
        VALUES (@TenantId, @VisitorId, @UserId, @Nickname, @TrueName, @Phone, @Email, @Company, @Description, @customFields, @tagIds,
                @SourcePage, @Referrer, @UserAgent, @createdAt, @lastSeenAt)
        """;

    public async ValueTask CreateVisitorAsync(VisitorRecord visitor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(InsertVisitorSql, VisitorParameters(visitor), transaction, cancellationToken)),
            cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<VisitorRecord?> GetVisitorAsync(int tenantId, string visitorId, CancellationToken cancellationToken) =>
        ReadAsync(
            connection => QueryFirstOrDefaultAsync(
                connection,
                Command($"SELECT {VisitorColumns} FROM visitors WHERE tenant_id = @tenantId AND visitor_id = @visitorId", new { tenantId, visitorId }, null, cancellationToken),
                ReadVisitor),
            cancellationToken);

    public async ValueTask<IReadOnlyDictionary<string, string?>> GetVisitorNicknamesAsync(int tenantId, IReadOnlyCollection<string> visitorIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visitorIds);
        var nicknames = new Dictionary<string, string?>(visitorIds.Count, StringComparer.Ordinal);
        if (visitorIds.Count == 0)
        {
            return nicknames;
        }

        await ReadAsync(
            async connection =>
            {
                foreach (var chunk in visitorIds.Distinct(StringComparer.Ordinal).Chunk(VisitorsPerStatement))
                {
                    var rows = await connection.QueryAsync<(string VisitorId, string? Nickname)>(
                        TenantVisitorsCommand("SELECT visitor_id, nickname FROM visitors WHERE {visitors}", tenantId, chunk, cancellationToken)).ConfigureAwait(false);
                    foreach (var (visitorId, nickname) in rows)
                    {
                        nicknames[visitorId] = nickname;
                    }
                }

                return nicknames;
            },
            cancellationToken).ConfigureAwait(false);
        return nicknames;
    }

    public async ValueTask<VisitorRecord> FindOrCreateVisitorByUserIdAsync(VisitorRecord visitor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        ArgumentException.ThrowIfNullOrEmpty(visitor.UserId);

        // The partial unique index on (tenant_id, user_id) makes the second of two racing inserts do nothing.
        return await WriteAsync(
            async (connection, transaction) =>
            {
                await connection.ExecuteAsync(Command(InsertVisitorSql + " ON CONFLICT DO NOTHING", VisitorParameters(visitor), transaction, cancellationToken)).ConfigureAwait(false);
                var found = await QueryFirstOrDefaultAsync(
                    connection,
                    Command($"SELECT {VisitorColumns} FROM visitors WHERE tenant_id = @TenantId AND user_id = @UserId", new { visitor.TenantId, visitor.UserId }, transaction, cancellationToken),
                    ReadVisitor).ConfigureAwait(false);
                return found!;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> UpdateVisitorProfileAsync(VisitorRecord visitor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                """
                UPDATE visitors SET nickname = @Nickname, true_name = @TrueName, phone = @Phone, email = @Email, company = @Company,
                    description = @Description, custom_fields = @customFields
                WHERE tenant_id = @TenantId AND visitor_id = @VisitorId
                """,
                VisitorParameters(visitor),
                transaction,
                cancellationToken)),
            cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<bool> SetVisitorTagsAsync(int tenantId, string visitorId, IReadOnlyList<int> tagIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tagIds);
        var json = JsonSerializer.Serialize(tagIds, StorageJsonContext.Default.IReadOnlyListInt32);
        return await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                "UPDATE visitors SET tag_ids = @json WHERE tenant_id = @tenantId AND visitor_id = @visitorId", new { tenantId, visitorId, json }, transaction, cancellationToken)),
            cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask TouchVisitorsAsync(IReadOnlyCollection<VisitorSighting> sightings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sightings);
        if (sightings.Count == 0)
        {
            return;
        }

        await WriteAsync(
            async (connection, transaction) =>
            {
                foreach (var sighting in sightings)
                {
                    await connection.ExecuteAsync(Command(
                        "UPDATE visitors SET last_seen_at = @seenAt WHERE tenant_id = @TenantId AND visitor_id = @VisitorId",
                        new { sighting.TenantId, sighting.VisitorId, seenAt = Millis(sighting.SeenAt) },
                        transaction,
                        cancellationToken)).ConfigureAwait(false);
                }

                return 0;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary><paramref name="sql"/> with <c>{visitors}</c> standing for the condition: the tenant's rows of these visitors.</summary>
    private static CommandDefinition TenantVisitorsCommand(string sql, int tenantId, string[] visitorIds, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters();
        parameters.Add("tenantId", tenantId, DbType.Int32);
        var names = new StringBuilder();
        for (var i = 0; i < visitorIds.Length; i++)
        {
            var name = "v" + i.ToString(CultureInfo.InvariantCulture);
            names.Append(i == 0 ? "@" : ", @").Append(name);
            parameters.Add(name, visitorIds[i], DbType.String);
        }

        return Command(sql.Replace("{visitors}", $"tenant_id = @tenantId AND visitor_id IN ({names})", StringComparison.Ordinal), parameters, null, cancellationToken);
    }

    private static object VisitorParameters(VisitorRecord visitor) => new
    {
        visitor.TenantId,
        visitor.VisitorId,
        visitor.UserId,
        visitor.Nickname,
        visitor.TrueName,
        visitor.Phone,
        visitor.Email,
        visitor.Company,
        visitor.Description,
        customFields = visitor.CustomFields.Count == 0 ? null : JsonSerializer.Serialize(visitor.CustomFields, StorageJsonContext.Default.IReadOnlyDictionaryStringString),
        tagIds = JsonSerializer.Serialize(visitor.TagIds, StorageJsonContext.Default.IReadOnlyListInt32),
        visitor.SourcePage,
        visitor.Referrer,
        visitor.UserAgent,
        createdAt = Millis(visitor.CreatedAt),
        lastSeenAt = Millis(visitor.LastSeenAt),
    };

    private static VisitorRecord ReadVisitor(DbDataReader reader) => new()
    {
        TenantId = reader.Int32("tenant_id"),
        VisitorId = reader.String("visitor_id"),
        UserId = reader.NullableString("user_id"),
        Nickname = reader.NullableString("nickname"),
        TrueName = reader.NullableString("true_name"),
        Phone = reader.NullableString("phone"),
        Email = reader.NullableString("email"),
        Company = reader.NullableString("company"),
        Description = reader.NullableString("description"),
        CustomFields = reader.NullableString("custom_fields") is { } fields
            ? JsonSerializer.Deserialize(fields, StorageJsonContext.Default.IReadOnlyDictionaryStringString)!
            : new Dictionary<string, string>(),
        TagIds = JsonSerializer.Deserialize(reader.String("tag_ids"), StorageJsonContext.Default.IReadOnlyListInt32)!,
        SourcePage = reader.NullableString("source_page"),
        Referrer = reader.NullableString("referrer"),
        UserAgent = reader.NullableString("user_agent"),
        CreatedAt = reader.Time("created_at"),
        LastSeenAt = reader.NullableTime("last_seen_at"),
    };
}
