namespace KefuHub.Server.Hosting;

/// <summary>The tenant created on the first start with an empty store; section <c>Kefu:Bootstrap</c>.</summary>
public sealed class BootstrapOptions
{
    public const string SectionName = "Kefu:Bootstrap";

    /// <summary>Default 1.</summary>
    public int TenantId { get; set; } = 1;

    /// <summary>Generated (and logged once) when unset.</summary>
    public string? ClientId { get; set; }

    /// <summary>Generated (and logged once) when unset.</summary>
    public string? SecretId { get; set; }

    /// <summary>The administrator agent's login. Default <c>admin</c>.</summary>
    public string AdminUsername { get; set; } = "admin";

    /// <summary>Generated (and logged once) when unset.</summary>
    public string? AdminPassword { get; set; }
}
