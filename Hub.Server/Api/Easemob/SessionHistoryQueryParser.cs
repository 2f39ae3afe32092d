using System.Globalization;
using KefuHub.Routing;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Api.Easemob;

/// <summary>
/// Turns the history query's text into a <see cref="SessionHistoryQuery"/>: every value is checked against
/// its type or its list of names, and anything else is API_001 naming the parameter.
/// </summary>
internal static class SessionHistoryQueryParser
{
    public const int MaxListItems = 100;
    private const int MaxCustomerNameLength = 100;

    /// <summary>As a rating tag (the visitor's <c>Rate</c>).</summary>
    private const int MaxTagLength = 50;

    private static readonly string[] OriginTypes = ["webim", "app", "weixin", "weibo", "phone"];

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
    ];

    /// <param name="callerAgentUserId">The calling agent (for <c>isAgent=true</c>); null for a client-credentials token.</param>
    public static (SessionHistoryQuery? Query, IResult? Error) Parse(int tenantId, HistoryQueryParameters p, string? callerAgentUserId)
    {
        try
        {
            var (page, pageError) = EasemobPaging.Index(p.Page, "page", first: 1, fallback: 1);
            if (pageError is not null)
            {
                return (null, pageError);
            }

            var (perPage, sizeError) = EasemobPaging.Size(p.PerPage, "per_page", EasemobPaging.MaxPageSize);
            if (sizeError is not null)
            {
                return (null, sizeError);
            }

            var agentIds = List(p.AgentIds, "agentIds", AgentId);
            if (!string.IsNullOrEmpty(p.AgentUserId))
            {
                agentIds = [.. agentIds, AgentId(p.AgentUserId, "agentUserId")];
            }

            var queueIds = List(p.QueueIds, "queueIds", (v, n) => Integer(v, n, 1, int.MaxValue));
            if (!string.IsNullOrEmpty(p.QueueId) && Integer(p.QueueId, "queueId", 0, int.MaxValue) is > 0 and var queueId)
            {
                queueIds = [.. queueIds, queueId];
            }

            var customerName = string.IsNullOrEmpty(p.CustomerName) ? null : p.CustomerName;
            if (customerName?.Length > MaxCustomerNameLength)
            {
                throw new ParameterException("customerName", $"at most {MaxCustomerNameLength} characters");
            }

            var descending = SortOrderOf(p.SortOrder, "sortOrder");
            if (!string.IsNullOrEmpty(p.OrderType))
            {
                var orderType = SortOrderOf(p.OrderType, "orderType");
                if (!string.IsNullOrEmpty(p.SortOrder) && orderType != descending)
                {
                    throw new ParameterException("orderType", "the same as sortOrder when both are given");
                }

                descending = orderType;
            }

            string? servedBy = null;
            if (Boolean(p.IsAgent, "isAgent") == true)
            {
                servedBy = callerAgentUserId ?? throw new ParameterException("isAgent", "false with a client-credentials token (true lists the calling agent's own sessions)");
            }

            var query = new SessionHistoryQuery
            {
                TenantId = tenantId,
                States = List(p.State, "state", StateOf),
                OriginTypes = List(p.OriginType, "originType", OriginTypeOf),
                CustomerName = customerName,
                Transferred = Boolean(p.Transfered, "transfered"),
                FromAgentCallback = Boolean(p.FromAgentCallback, "fromAgentCallback"),
                EnquirySummary = string.IsNullOrEmpty(p.EnquirySummary) ? null : Integer(p.EnquirySummary, "enquirySummary", 0, 5),
                QueueIds = queueIds,
                AgentUserIds = agentIds,
                ServedByAgentUserId = servedBy,
                TechChannelIds = List(p.TechChannelId, "techChannelId", (v, n) => Integer(v, n, 0, int.MaxValue)),
                TechChannelTypes = List(p.TechChannelType, "techChannelType", (v, n) => Text(v, n, MaxTagLength)),
                EnquiryTags = List(p.EnquiryTagIds, "enquiryTagIds", (v, n) => Text(v, n, MaxTagLength)),
                SummaryIds = List(p.SummaryIds, "summaryIds", (v, n) => Integer(v, n, 1, int.MaxValue)),
                StartedFrom = Date(p.BeginDate, "beginDate"),
                StartedTo = Date(p.EndDate, "endDate"),
                StoppedFrom = Date(p.StopDateFrom, "stopDateFrom"),
                StoppedTo = Date(p.StopDateTo, "stopDateTo"),
                CreatedFrom = Date(p.CreateDateFrom, "createDateFrom"),
                CreatedTo = Date(p.CreateDateTo, "createDateTo"),
                SortField = SortFieldOf(p.SortField),
                Descending = descending,
                Page = page,
                PerPage = perPage,
            };
            return (query, null);
        }
        catch (ParameterException exception)
        {
            return (null, ApiError.InvalidParameter.WithDescription(exception.Message).ToResult());
        }
    }

    /// <summary>Every comma-separated value of every occurrence, empty ones skipped.</summary>
    private static List<T> List<T>(string[]? values, string name, Func<string, string, T> parse)
    {
        var items = (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        return items.Count > MaxListItems
            ? throw new ParameterException(name, $"at most {MaxListItems} values")
            : items.ConvertAll(item => parse(item, name));
    }

    private static SessionState StateOf(string value, string name)
    {
        foreach (var state in Enum.GetValues<SessionState>())
        {
            if (string.Equals(state.ToString(), value, StringComparison.OrdinalIgnoreCase))
            {
                return state;
            }
        }

        throw new ParameterException(name, "Wait, Processing, Terminal, Abort or Robot");
    }

    private static string OriginTypeOf(string value, string name) =>
        OriginTypes.FirstOrDefault(o => string.Equals(o, value, StringComparison.OrdinalIgnoreCase))
            ?? throw new ParameterException(name, string.Join(", ", OriginTypes));

    private static string AgentId(string value, string name) =>
        Guid.TryParseExact(value, "D", out var id) ? id.ToString() : throw new ParameterException(name, "agent user ids (GUIDs)");

    private static int Integer(string value, string name, int min, int max) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new ParameterException(name, $"an integer from {min} to {max}");

    private static bool? Boolean(string? value, string name) =>
        string.IsNullOrEmpty(value) ? null
        : string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) ? true
        : string.Equals(value, "false", StringComparison.OrdinalIgnoreCase) ? false
        : throw new ParameterException(name, "true or false");

    private static DateTimeOffset? Date(string? value, string name) =>
        string.IsNullOrEmpty(value) ? null
        : DateTimeOffset.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date) ? date
        : throw new ParameterException(name, "an ISO 8601 time with Z or an offset, such as 2018-06-16T23:59:59.000Z");

    private static SessionHistorySortField SortFieldOf(string? value) =>
        string.IsNullOrEmpty(value) ? SessionHistorySortField.CreateDatetime
        : string.Equals(value, "stopDateTime", StringComparison.OrdinalIgnoreCase) ? SessionHistorySortField.StopDateTime
        : string.Equals(value, "startDateTime", StringComparison.OrdinalIgnoreCase) ? SessionHistorySortField.StartDateTime
        : string.Equals(value, "createDatetime", StringComparison.OrdinalIgnoreCase) ? SessionHistorySortField.CreateDatetime
        : throw new ParameterException("sortField", "stopDateTime, startDateTime or createDatetime");

    /// <summary>True for descending, the default.</summary>
    private static bool SortOrderOf(string? value, string name) =>
        string.IsNullOrEmpty(value) || string.Equals(value, "desc", StringComparison.OrdinalIgnoreCase) ? true
        : string.Equals(value, "asc", StringComparison.OrdinalIgnoreCase) ? false
        : throw new ParameterException(name, "asc or desc");

    private static string Text(string value, string name, int maxLength) =>
        value.Length <= maxLength ? value : throw new ParameterException(name, $"values of at most {maxLength} characters");

    /// <summary>A parameter that is not what it should be; its message is the error description.</summary>
    private sealed class ParameterException(string name, string expected)
        : Exception($"param is invalid: {name} must be {expected}.");
}
