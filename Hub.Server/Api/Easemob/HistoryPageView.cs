using System.Text.Json.Serialization;

namespace KefuHub.Server.Api.Easemob;

/// <summary>The <c>entity</c> of the session history answer.</summary>
public sealed record HistoryPageView(
    [property: JsonPropertyName("total_entries")] long TotalEntries,
    [property: JsonPropertyName("items")] IReadOnlyList<HistoryItemView> Items);
