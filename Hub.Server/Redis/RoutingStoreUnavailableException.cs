namespace KefuHub.Server.Redis;

/// <summary>Redis could not be reached (or answered too late) for a routing command; nothing was decided for the caller.</summary>
public sealed class RoutingStoreUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
