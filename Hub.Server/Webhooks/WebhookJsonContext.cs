using System.Text.Json;
using System.Text.Json.Serialization;

namespace KefuHub.Server.Webhooks;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WebhookEnvelope))]
[JsonSerializable(typeof(SessionEventData))]
[JsonSerializable(typeof(MessageEventData))]
[JsonSerializable(typeof(Hubs.Contracts.LeaveMessageView))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
