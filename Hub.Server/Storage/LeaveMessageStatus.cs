namespace KefuHub.Server.Storage;

public enum LeaveMessageStatus
{
    Untreated = 0,
    Processing = 1,
    Resolved = 2,
}
