using System.Globalization;
using System.Text;
using KefuHub.Server.Api.Easemob;

namespace KefuHub.Server.Api.AdminConsole;

/// <summary>
/// Session history as CSV (RFC 4180) for spreadsheets: UTF-8 with a byte-order mark (so Excel reads
/// Chinese), every field quoted, and text that a spreadsheet would run as a formula made inert.
/// </summary>
internal static class HistoryCsv
{
    private static readonly string[] English =
    [
        "serviceSessionId", "state", "queueId", "visitorId", "visitorNickname", "agentUsername", "agentNicename",
        "createDatetime", "startDateTime", "stopDateTime", "transfered", "enquirySummary", "enquiryDetail",
        "summarys", "comment", "visitorUserTags", "messageSeqId",
    ];

    private static readonly string[] Chinese =
    [
        "会话ID", "状态", "技能组ID", "访客ID", "访客昵称", "客服账号", "客服昵称",
        "创建时间", "接起时间", "结束时间", "是否转接", "满意度", "评价内容",
        "会话小结", "备注", "访客标签", "消息数",
    ];

    public static string Header(bool chinese) => Line(chinese ? Chinese : English);

    public static string Row(HistoryItemView item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var agent = item.AgentUserSet.Count > 0 ? item.AgentUserSet[0] : null;
        return Line(
        [
            item.ServiceSessionId,
            item.State,
            item.QueueId?.ToString(CultureInfo.InvariantCulture),
            item.VisitorUser.UserId,
            item.VisitorUser.Nicename,
            agent?.Username,
            item.AgentUserNiceName,
            item.CreateDatetime,
            item.StartDateTime,
            item.StopDateTime,
            item.Transfered ? "true" : "false",
            item.EnquirySummary,
            item.EnquiryDetail,
            item.SummarysDetail,
            item.Comment,
            item.VisitorUserTags,
            item.MessageSeqId.ToString(CultureInfo.InvariantCulture),
        ]);
    }

    private static string Line(string?[] fields)
    {
        var line = new StringBuilder();
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            line.Append('"').Append(Inert(fields[i] ?? string.Empty).Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }

        return line.Append("\r\n").ToString();
    }

    /// <summary>
    /// Visitors write nicknames, ratings' comments and summaries' names: a field that starts like a
    /// formula (<c>= + - @</c>, tab, carriage return) gets a leading apostrophe, as OWASP advises for CSV injection.
    /// </summary>
    private static string Inert(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
}
