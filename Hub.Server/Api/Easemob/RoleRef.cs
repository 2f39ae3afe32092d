using System.Text.Json.Serialization;

namespace KefuHub.Server.Api.Easemob;

/// <summary>An item of an agent's <c>roleList</c>.</summary>
public sealed record RoleRef(
    [property: JsonPropertyName("role_id")] int RoleId,
    [property: JsonPropertyName("role_name")] string RoleName);
