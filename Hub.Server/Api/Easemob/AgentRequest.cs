using System.Text.Json.Serialization;

namespace KefuHub.Server.Api.Easemob;

/// <summary>The body of agent create (<c>POST .../agent</c>) and update (<c>PUT .../agent</c>, where null leaves a field unchanged).</summary>
public sealed record AgentRequest(
    string? Nicename,
    string? Username,
    string? Password,
    string? TrueName,
    [property: JsonConverter(typeof(StringOrNumberJsonConverter))] string? MobilePhone,
    [property: JsonConverter(typeof(StringOrNumberJsonConverter))] string? AgentNumber,
    int? RoleId,
    int? MaxServiceSessionCount);
