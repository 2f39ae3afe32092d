using System.Text.Json.Serialization;

namespace KefuHub.Server.Api.Easemob;

/// <summary>A role as <c>GET /api/tenants/{tenantId}/roles</c> lists it; <see cref="Permissions"/> is beyond Easemob's fields.</summary>
public sealed record RoleView(
    [property: JsonPropertyName("role_id")] int RoleId,
    [property: JsonPropertyName("role_name")] string RoleName,
    [property: JsonPropertyName("role_description")] string? RoleDescription,
    [property: JsonPropertyName("role_type")] string RoleType,
    [property: JsonPropertyName("created_at")] string? CreatedAt,
    [property: JsonPropertyName("updated_at")] string? UpdatedAt,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("permissions")] IReadOnlyList<string> Permissions);
