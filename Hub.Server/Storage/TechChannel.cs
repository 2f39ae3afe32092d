namespace KefuHub.Server.Storage;

/// <summary>Easemob's "关联" (the channel a session came through): KefuHub has one per tenant, its web hub.</summary>
public static class TechChannel
{
    public const int Id = 0;
    public const string Type = "kefuhub";
    public const string Name = "KefuHub";
}
