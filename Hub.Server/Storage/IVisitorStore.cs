namespace KefuHub.Server.Storage;

public interface IVisitorStore
{
    ValueTask CreateVisitorAsync(VisitorRecord visitor, CancellationToken cancellationToken);

    ValueTask<VisitorRecord?> GetVisitorAsync(int tenantId, string visitorId, CancellationToken cancellationToken);

    /// <summary>The nicknames of those of <paramref name="visitorIds"/> that exist, by visitor id, in one read.</summary>
    ValueTask<IReadOnlyDictionary<string, string?>> GetVisitorNicknamesAsync(int tenantId, IReadOnlyCollection<string> visitorIds, CancellationToken cancellationToken);

    /// <summary>
    /// The tenant's visitor with <paramref name="visitor"/>'s <see cref="VisitorRecord.UserId"/>, created from
    /// <paramref name="visitor"/> when there is none yet; two calls at once for one user id get one visitor.
    /// </summary>
    ValueTask<VisitorRecord> FindOrCreateVisitorByUserIdAsync(VisitorRecord visitor, CancellationToken cancellationToken);

    /// <summary>Replaces the profile fields (names, contacts, description, custom fields); false when there is no such visitor.</summary>
    ValueTask<bool> UpdateVisitorProfileAsync(VisitorRecord visitor, CancellationToken cancellationToken);

    /// <summary>Replaces the tags applied to the visitor; false when there is no such visitor.</summary>
    ValueTask<bool> SetVisitorTagsAsync(int tenantId, string visitorId, IReadOnlyList<int> tagIds, CancellationToken cancellationToken);

    /// <summary>Sets each visitor's last-seen time, in one transaction; visitors that do not exist are left out.</summary>
    ValueTask TouchVisitorsAsync(IReadOnlyCollection<VisitorSighting> sightings, CancellationToken cancellationToken);
}
