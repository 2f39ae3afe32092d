using System.Net;

namespace KefuHub.LoadTests.Client;

/// <summary>A REST call the hub refused: its status and Easemob error body.</summary>
public sealed class KefuApiException(HttpStatusCode status, string call, string body)
    : Exception($"{call} answered {(int)status}: {(body.Length > 300 ? body[..300] : body)}")
{
    public HttpStatusCode Status { get; } = status;
}
