namespace KefuHub.Server.Api.Easemob;

/// <summary>The agent search answer: Spring-style paging around <c>entities</c>, as in Easemob's example.</summary>
public sealed record AgentPageBody(
    string Status,
    IReadOnlyList<AgentView> Entities,
    bool First,
    bool Last,
    int Size,
    int Number,
    int NumberOfElements,
    long TotalPages,
    long TotalElements);
