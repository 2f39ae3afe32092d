namespace KefuHub.Server.Storage;

/// <summary>Brings the schema up to date; safe to run at every start and from several nodes at once.</summary>
public interface IStorageMigrator
{
    ValueTask MigrateAsync(CancellationToken cancellationToken);

    /// <summary>True when the database answers.</summary>
    ValueTask<bool> PingAsync(CancellationToken cancellationToken);
}
