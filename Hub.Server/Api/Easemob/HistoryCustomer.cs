namespace KefuHub.Server.Api.Easemob;

public sealed record HistoryCustomer(string CustomerId, string? CustomerNiceName, string? CustomerTrueName);
