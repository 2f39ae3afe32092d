namespace KefuHub.Server.Api;

/// <summary>
/// Endpoint metadata: the largest request body the endpoint takes, in bytes. Endpoints without it take
/// <see cref="RequestBodyLimitMiddleware.DefaultMaxBytes"/> (a JSON call); an upload sets its own.
/// </summary>
public sealed record RequestBodyLimit(long MaxBytes);
