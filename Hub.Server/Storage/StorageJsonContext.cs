using System.Text.Json;
using System.Text.Json.Serialization;

namespace KefuHub.Server.Storage;

/// <summary>The JSON columns: settings and time plan documents, and the small lists a session owns.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TenantSettings))]
[JsonSerializable(typeof(TimePlanDocument))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(IReadOnlyList<int>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
