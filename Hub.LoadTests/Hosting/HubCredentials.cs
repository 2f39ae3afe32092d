namespace KefuHub.LoadTests.Hosting;

/// <summary>A tenant's REST credentials (<c>POST /api/tenant/{t}/accessToken</c>).</summary>
internal sealed record HubCredentials(int TenantId, string ClientId, string SecretId)
{
    public static HubCredentials Generate(int tenantId) =>
        new(tenantId, "load-" + Guid.NewGuid().ToString("N")[..16], Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
}
