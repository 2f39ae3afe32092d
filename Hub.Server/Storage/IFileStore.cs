namespace KefuHub.Server.Storage;

public interface IFileStore
{
    ValueTask SaveFileAsync(FileRecord file, CancellationToken cancellationToken);

    /// <summary>The file of this tenant with this id, bytes included; null when there is none.</summary>
    ValueTask<FileRecord?> GetFileAsync(int tenantId, string fileId, CancellationToken cancellationToken);
}
