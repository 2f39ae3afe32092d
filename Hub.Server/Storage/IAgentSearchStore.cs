namespace KefuHub.Server.Storage;

/// <summary>Agent queries of the Easemob-compatible REST API.</summary>
public interface IAgentSearchStore
{
    /// <summary>
    /// The tenant's agents whose username, true name, mobile phone or agent number contains
    /// <paramref name="keyValue"/> (case-insensitively; every agent when it is null or empty), oldest first,
    /// page <paramref name="page"/> (from 0) of <paramref name="size"/>.
    /// </summary>
    ValueTask<AgentSearchPage> SearchAgentsAsync(int tenantId, string? keyValue, int page, int size, CancellationToken cancellationToken);

    /// <summary>True when an agent of another tenant than <paramref name="tenantId"/> has this username.</summary>
    ValueTask<bool> UsernameExistsInOtherTenantAsync(int tenantId, string username, CancellationToken cancellationToken);
}
