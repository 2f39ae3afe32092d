using System.Text.Json;
using System.Text.Json.Serialization;

namespace KefuHub.Server.Api.Easemob;

/// <summary>
/// Reads a JSON string or number as text: Easemob's document types <c>mobilePhone</c> and
/// <c>agentNumber</c> as int but sends them as strings (<c>""</c>), so scripts may send either.
/// </summary>
internal sealed class StringOrNumberJsonConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
            _ => throw new JsonException($"Expected a string or a number, not {reader.TokenType}."),
        };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
