namespace KefuHub.Server.Storage;

/// <summary>The session history query of the Easemob-compatible REST API (<c>serviceSessionHistorys</c>).</summary>
public interface ISessionHistoryStore
{
    ValueTask<SessionHistoryPage> QueryHistoryAsync(SessionHistoryQuery query, CancellationToken cancellationToken);
}
