using KefuHub.Server.Api.Visitors;

namespace KefuHub.Server.Api;

/// <param name="UserId">With <paramref name="UserHash"/>: the business's id of a signed-in customer, the same visitor on any device.</param>
/// <param name="UserHash">Hex HMAC-SHA256 of <paramref name="UserId"/> under the tenant's <c>identitySecret</c>.</param>
public sealed record CreateVisitorRequest(string? Nickname = null, string? UserId = null, string? UserHash = null, VisitorProfileRequest? Profile = null, VisitorSourceRequest? Source = null);
