using System.ComponentModel.DataAnnotations;
using System.Net;

namespace KefuHub.Server.Hosting;

/// <summary>
/// The load balancers or reverse proxies in front of the nodes, bound from <c>Kefu:Proxies</c>. Only
/// their <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed, so per-address limits count
/// the client's address, not the proxy's; with none configured the headers are ignored, as anyone can
/// send them.
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string SectionName = "Kefu:Proxies";

    /// <summary>Addresses of the proxies, e.g. <c>10.0.0.5</c>.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks of the proxies in CIDR form, e.g. <c>10.0.0.0/24</c>.</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>How many proxies a request may pass through; each one adds its address. Default 1.</summary>
    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;

    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
        {
            yield return new ValidationResult($"Kefu:Proxies:KnownProxies: '{proxy}' is not an IP address.");
        }

        foreach (var network in KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
        {
            yield return new ValidationResult($"Kefu:Proxies:KnownNetworks: '{network}' is not a network in CIDR form (10.0.0.0/24).");
        }
    }
}
