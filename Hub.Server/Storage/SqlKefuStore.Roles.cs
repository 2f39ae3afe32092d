using System.Data.Common;
using Dapper;
using KefuHub.Server.Security;

namespace KefuHub.Server.Storage;

internal sealed partial class SqlKefuStore : IRoleStore
{
    private const string RoleColumns = "tenant_id, role_id, name, description, permissions, created_at, updated_at";

    public ValueTask<IReadOnlyList<RoleRecord>> ListRolesAsync(int tenantId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<RoleRecord>>(
            async connection => await QueryAsync(
                connection,
                Command($"SELECT {RoleColumns} FROM roles WHERE tenant_id = @tenantId ORDER BY role_id", new { tenantId }, null, cancellationToken),
                ReadRole).ConfigureAwait(false),
            cancellationToken);

    public ValueTask<RoleRecord?> GetRoleAsync(int tenantId, int roleId, CancellationToken cancellationToken) =>
        ReadAsync(
            connection => QueryFirstOrDefaultAsync(
                connection,
                Command($"SELECT {RoleColumns} FROM roles WHERE tenant_id = @tenantId AND role_id = @roleId", new { tenantId, roleId }, null, cancellationToken),
                ReadRole),
            cancellationToken);

    public async ValueTask<(RoleChange Result, RoleRecord? Role)> CreateRoleAsync(
        int tenantId, string name, string? description, Permission permissions, DateTimeOffset createdAt, int firstRoleId, int maxCount, CancellationToken cancellationToken)
    {
        try
        {
            return await WriteAsync<(RoleChange Result, RoleRecord? Role)>(
                async (connection, transaction) =>
                {
                    // The counter's row lock (taken first) serializes creates of the tenant, so the count holds.
                    var id = firstRoleId - 1 + await NextIdAsync(connection, transaction, tenantId, "role", cancellationToken).ConfigureAwait(false);
                    var count = await connection.ExecuteScalarAsync<long>(Command(
                        "SELECT COUNT(*) FROM roles WHERE tenant_id = @tenantId", new { tenantId }, transaction, cancellationToken)).ConfigureAwait(false);
                    if (count >= maxCount)
                    {
                        return (RoleChange.LimitReached, null);
                    }

                    var at = Millis(createdAt)!.Value;
                    await connection.ExecuteAsync(Command(
                        $"INSERT INTO roles ({RoleColumns}) VALUES (@tenantId, @id, @name, @description, @permissions, @at, @at)",
                        new { tenantId, id, name, description, permissions = PermissionNames.Format(permissions), at },
                        transaction,
                        cancellationToken)).ConfigureAwait(false);
                    var stored = DateTimeOffset.FromUnixTimeMilliseconds(at);
                    return (RoleChange.Done, new RoleRecord(tenantId, id, name, description, permissions, stored, stored));
                },
                result => result.Result == RoleChange.Done,
                cancellationToken).ConfigureAwait(false);
        }
        catch (DbException exception) when (dialect.IsUniqueViolation(exception))
        {
            return (RoleChange.NameTaken, null);
        }
    }

    public async ValueTask<RoleChange> UpdateRoleAsync(RoleRecord role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(role);
        try
        {
            var updated = await WriteAsync(
                (connection, transaction) => connection.ExecuteAsync(Command(
                    """
                    UPDATE roles SET name = @Name, description = @Description, permissions = @permissions, updated_at = @updatedAt
                    WHERE tenant_id = @TenantId AND role_id = @RoleId
                    """,
                    new { role.TenantId, role.RoleId, role.Name, role.Description, permissions = PermissionNames.Format(role.Permissions), updatedAt = Millis(role.UpdatedAt) },
                    transaction,
                    cancellationToken)),
                cancellationToken).ConfigureAwait(false);
            return updated == 1 ? RoleChange.Done : RoleChange.NotFound;
        }
        catch (DbException exception) when (dialect.IsUniqueViolation(exception))
        {
            return RoleChange.NameTaken;
        }
    }

    public ValueTask<RoleChange> DeleteRoleAsync(int tenantId, int roleId, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                var parameters = new { tenantId, roleId };
                if (await connection.ExecuteAsync(Command(
                        "DELETE FROM roles WHERE tenant_id = @tenantId AND role_id = @roleId AND NOT EXISTS (SELECT 1 FROM agents WHERE tenant_id = @tenantId AND custom_role_id = @roleId)",
                        parameters,
                        transaction,
                        cancellationToken)).ConfigureAwait(false) == 1)
                {
                    return RoleChange.Done;
                }

                return await connection.ExecuteScalarAsync<long>(Command(
                        "SELECT COUNT(*) FROM roles WHERE tenant_id = @tenantId AND role_id = @roleId", parameters, transaction, cancellationToken)).ConfigureAwait(false) == 0
                    ? RoleChange.NotFound
                    : RoleChange.InUse;
            },
            cancellationToken);

    private static RoleRecord ReadRole(DbDataReader reader) => new(
        reader.Int32("tenant_id"),
        reader.Int32("role_id"),
        reader.String("name"),
        reader.NullableString("description"),
        PermissionNames.Parse(reader.String("permissions")) ?? Permission.None,
        reader.Time("created_at"),
        reader.Time("updated_at"));
}
