using System.Text.Json.Serialization;

namespace KefuHub.Server.Api.Easemob;

/// <summary>A custom role, in the names of Easemob's role objects; on PUT a null field is left unchanged.</summary>
/// <param name="Permissions">Any of <c>admin</c>, <c>history</c>, <c>leaveMessages</c>, <c>monitoring</c>.</param>
public sealed record RoleRequest(
    [property: JsonPropertyName("role_name")] string? RoleName,
    [property: JsonPropertyName("role_description")] string? RoleDescription,
    [property: JsonPropertyName("permissions")] IReadOnlyList<string?>? Permissions);
