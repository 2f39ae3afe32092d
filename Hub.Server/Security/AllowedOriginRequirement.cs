using Microsoft.AspNetCore.Authorization;

namespace KefuHub.Server.Security;

/// <summary>A browser caller's <c>Origin</c> must be on its tenant's allow-list (an empty list allows any).</summary>
public sealed class AllowedOriginRequirement : IAuthorizationRequirement;
