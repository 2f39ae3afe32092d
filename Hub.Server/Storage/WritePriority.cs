namespace KefuHub.Server.Storage;

/// <summary>Which writers go first when the database's connections are all taken.</summary>
internal enum WritePriority
{
    Normal,

    /// <summary>
    /// A write that a tenant's work queues behind, one at a time: a routing round's session changes, a
    /// group commit of messages. It must not wait behind a burst of ordinary reads and writes.
    /// </summary>
    Serial,
}
