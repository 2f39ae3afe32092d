namespace KefuHub.Server.Storage;

/// <summary>A tenant and the client credentials its REST scripts use (the secret only as a hash).</summary>
public sealed record TenantRecord
{
    public required int TenantId { get; init; }

    public required string Name { get; init; }

    public required string ClientId { get; init; }

    /// <summary>See <see cref="KefuHub.Server.Security.SecretHasher"/>.</summary>
    public required string SecretHash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>A disabled tenant's tokens stop working and no new ones are issued; default true.</summary>
    public bool Enabled { get; init; } = true;
}
