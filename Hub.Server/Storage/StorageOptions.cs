namespace KefuHub.Server.Storage;

/// <summary>Where the embedded SQLite store keeps its file; bound to the <c>Kefu</c> section.</summary>
/// <remarks>Unused when <c>ConnectionStrings:Postgres</c> is set: the PostgreSQL store takes its place.</remarks>
public sealed class StorageOptions
{
    public const string SectionName = "Kefu";

    /// <summary>The directory of <c>kefu.db</c>, created when missing. Default <c>./data</c>.</summary>
    public string DataDirectory { get; set; } = "./data";
}
