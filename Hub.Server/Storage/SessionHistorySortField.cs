namespace KefuHub.Server.Storage;

/// <summary>The columns the history may be sorted by, as Easemob's <c>sortField</c> names them.</summary>
public enum SessionHistorySortField
{
    CreateDatetime = 0,
    StartDateTime = 1,
    StopDateTime = 2,
}
