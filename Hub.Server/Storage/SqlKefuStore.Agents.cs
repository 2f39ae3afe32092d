using System.Data.Common;
using Dapper;

namespace KefuHub.Server.Storage;

internal sealed partial class SqlKefuStore
{
    private const string AgentColumns = """
        tenant_id, user_id, username, password_hash, nicename, true_name, mobile_phone, agent_number,
        roles, max_service_session_count, enabled, created_at, updated_at, avatar_url, custom_role_id
        """;

    private const string InsertAgentSql = """
        INSERT INTO agents (tenant_id, user_id, username, normalized_username, password_hash, nicename, true_name, mobile_phone,
                            agent_number, roles, max_service_session_count, enabled, created_at, updated_at, avatar_url, custom_role_id)
        VALUES (@TenantId, @UserId, @Username, @normalized, @PasswordHash, @Nicename, @TrueName, @MobilePhone,
                @AgentNumber, @Roles, @MaxServiceSessionCount, @Enabled, @createdAt, @updatedAt, @AvatarUrl, @CustomRoleId)
        """;

    public ValueTask<IReadOnlyList<AgentRecord>> ListAgentsAsync(int tenantId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<AgentRecord>>(
            async connection => await QueryAsync(
                connection,
                Command($"SELECT {AgentColumns} FROM agents WHERE tenant_id = @tenantId ORDER BY created_at, user_id", new { tenantId }, null, cancellationToken),
                ReadAgent).ConfigureAwait(false),
            cancellationToken);

    public ValueTask<AgentRecord?> GetAgentAsync(int tenantId, string userId, CancellationToken cancellationToken) =>
        ReadAsync(
            connection => QueryFirstOrDefaultAsync(
                connection,
                Command($"SELECT {AgentColumns} FROM agents WHERE tenant_id = @tenantId AND user_id = @userId", new { tenantId, userId }, null, cancellationToken),
                ReadAgent),
            cancellationToken);

    public ValueTask<AgentRecord?> FindAgentByUsernameAsync(int tenantId, string username, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(username);
        return ReadAsync(
            connection => QueryFirstOrDefaultAsync(
                connection,
                Command(
                    $"SELECT {AgentColumns} FROM agents WHERE tenant_id = @tenantId AND normalized_username = @normalized",
                    new { tenantId, normalized = NormalizeUsername(username) },
                    null,
                    cancellationToken),
                ReadAgent),
            cancellationToken);
    }

    public async ValueTask<bool> CreateAgentAsync(AgentRecord agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        // Without a conflict target, DO NOTHING covers both the user id key and the username key.
        var inserted = await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                InsertAgentSql + " ON CONFLICT DO NOTHING",
                AgentParameters(agent),
                transaction,
                cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return inserted == 1;
    }

    public async ValueTask<bool> UpdateAgentAsync(AgentRecord agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        try
        {
            var updated = await WriteAsync(
                (connection, transaction) => connection.ExecuteAsync(Command(
                    """
                    UPDATE agents SET username = @Username, normalized_username = @normalized, password_hash = @PasswordHash,
                        nicename = @Nicename, true_name = @TrueName, mobile_phone = @MobilePhone, agent_number = @AgentNumber,
                        roles = @Roles, max_service_session_count = @MaxServiceSessionCount, enabled = @Enabled,
                        created_at = @createdAt, updated_at = @updatedAt, avatar_url = @AvatarUrl, custom_role_id = @CustomRoleId
                    WHERE tenant_id = @TenantId AND user_id = @UserId
                    """,
                    AgentParameters(agent),
                    transaction,
                    cancellationToken)),
                cancellationToken).ConfigureAwait(false);
            return updated == 1;
        }
        catch (DbException exception) when (dialect.IsUniqueViolation(exception))
        {
            return false; // The new username belongs to another agent of the tenant.
        }
    }

    public async ValueTask<bool> DeleteAgentAsync(int tenantId, string userId, CancellationToken cancellationToken)
    {
        // Queue memberships go with the agent (ON DELETE CASCADE), and so do its own quick replies; its leave messages become unassigned.
        var deleted = await WriteAsync(
            async (connection, transaction) =>
            {
                var parameters = new { tenantId, userId };
                await connection.ExecuteAsync(Command(
                    "DELETE FROM quick_replies WHERE tenant_id = @tenantId AND owner_user_id = @userId", parameters, transaction, cancellationToken)).ConfigureAwait(false);
                await connection.ExecuteAsync(Command(
                    "UPDATE leave_messages SET assignee_user_id = NULL WHERE tenant_id = @tenantId AND assignee_user_id = @userId", parameters, transaction, cancellationToken)).ConfigureAwait(false);
                return await connection.ExecuteAsync(Command(
                    "DELETE FROM agents WHERE tenant_id = @tenantId AND user_id = @userId", parameters, transaction, cancellationToken)).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return deleted == 1;
    }

    /// <summary>Invariant upper case, computed here so that SQLite and PostgreSQL agree on what "same username" means.</summary>
    private static string NormalizeUsername(string username) => username.ToUpperInvariant();

    private static object AgentParameters(AgentRecord agent) => new
    {
        agent.TenantId,
        agent.UserId,
        agent.Username,
        normalized = NormalizeUsername(agent.Username),
        agent.PasswordHash,
        agent.Nicename,
        agent.TrueName,
        agent.MobilePhone,
        agent.AgentNumber,
        agent.Roles,
        agent.MaxServiceSessionCount,
        agent.Enabled,
        createdAt = Millis(agent.CreatedAt),
        updatedAt = Millis(agent.UpdatedAt),
        agent.AvatarUrl,
        agent.CustomRoleId,
    };

    private static AgentRecord ReadAgent(DbDataReader reader) => new()
    {
        TenantId = reader.Int32("tenant_id"),
        UserId = reader.String("user_id"),
        Username = reader.String("username"),
        PasswordHash = reader.String("password_hash"),
        Nicename = reader.String("nicename"),
        TrueName = reader.NullableString("true_name"),
        MobilePhone = reader.NullableString("mobile_phone"),
        AgentNumber = reader.NullableString("agent_number"),
        Roles = reader.String("roles"),
        MaxServiceSessionCount = reader.Int32("max_service_session_count"),
        Enabled = reader.Boolean("enabled"),
        CreatedAt = reader.Time("created_at"),
        UpdatedAt = reader.Time("updated_at"),
        AvatarUrl = reader.NullableString("avatar_url"),
        CustomRoleId = reader.NullableInt32("custom_role_id"),
    };
}
