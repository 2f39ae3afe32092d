namespace KefuHub.Server.Storage;

public interface IVisitorTagStore
{
    /// <summary>The tenant's tags by id.</summary>
    ValueTask<IReadOnlyList<VisitorTagRecord>> ListVisitorTagsAsync(int tenantId, CancellationToken cancellationToken);

    /// <summary>Creates a tag with the next free id of the tenant.</summary>
    ValueTask<VisitorTagRecord> CreateVisitorTagAsync(int tenantId, string name, int color, CancellationToken cancellationToken);

    /// <summary>Replaces the tag's name and color; false when it does not exist.</summary>
    ValueTask<bool> UpdateVisitorTagAsync(VisitorTagRecord tag, CancellationToken cancellationToken);

    ValueTask<bool> DeleteVisitorTagAsync(int tenantId, int tagId, CancellationToken cancellationToken);
}
