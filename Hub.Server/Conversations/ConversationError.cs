namespace KefuHub.Server.Conversations;

/// <summary>Why a conversation call was refused; the REST API maps these to HTTP statuses.</summary>
public enum ConversationError
{
    /// <summary>The request is malformed or out of range (400).</summary>
    InvalidArgument = 0,

    /// <summary>No such session, agent or queue for this caller (404). Sessions the caller does not own look the same.</summary>
    NotFound = 1,

    /// <summary>The request conflicts with the current state: capacity, session state (409).</summary>
    Conflict = 2,

    /// <summary>The caller may not do this at all (403).</summary>
    Forbidden = 3,
}
