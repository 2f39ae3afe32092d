using KefuHub.Server.Security;

namespace KefuHub.Server.Api;

/// <summary>Endpoint metadata: the permission <see cref="AdminAccessFilter"/> asks for instead of <see cref="Permission.Admin"/>.</summary>
public sealed record RequiredPermission(Permission Permission);
