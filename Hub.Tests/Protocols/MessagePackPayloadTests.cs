using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using KefuHub.Protocols.MessagePack;
using KefuHub.Protocols.Payload;
using Microsoft.AspNetCore.SignalR;

namespace KefuHub.Tests.Protocols;

/// <summary>
/// The direct payload path (<see cref="PayloadType"/>) against its oracle: System.Text.Json with the JSON
/// protocol's options, carried to MessagePack by <see cref="JsonMessagePackTranscoder"/>. Writes must be
/// byte-identical to it; reads must give what System.Text.Json reads from the same value as JSON.
/// </summary>
public sealed class MessagePackPayloadTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 9, 30, 15, 120, TimeSpan.FromHours(8));

    private static readonly JsonElement Ext = JsonDocument.Parse("""{"orderId":"A-1","n":[1,2.5,-3,1e300,1.0],"q":"\"\u4f60\\","x":{"y":null,"b":true}}""").RootElement;

    public enum Level
    {
        Low,
        High,
    }

    [Flags]
    public enum Rights
    {
        None = 0,
        Read = 1,
        Write = 2,
    }

    public static TheoryData<string> DirectShapes => [.. Direct.Keys];

    public static TheoryData<string> FallbackShapes => [.. Fallback.Keys];

    /// <summary>Shapes written and read directly, with the kind of plan expected for their type.</summary>
    private static Dictionary<string, (object Value, PayloadKind Kind)> Direct { get; } = new()
    {
        ["record with every primitive"] = (new Primitives("张三", true, -129, long.MinValue, 0.5, Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), At, Level.High, Ext), PayloadKind.Object),
        ["record with nulls and defaults"] = (new Primitives(null, false, 0, 0, 42.0, Guid.Empty, DateTimeOffset.UnixEpoch, Level.Low, null), PayloadKind.Object),
        ["nested lists and dictionaries"] = (new Nested(
            [1, 70000, -1], ["a", null], new() { ["x"] = [1, 2], ["y"] = [] }, [new Dictionary<string, string?> { ["k"] = "v", ["n"] = null }], new Inner(1e15, null), [new Inner(-0.0, 3)]), PayloadKind.Object),
        ["empty collections"] = (new Nested([], [], [], [], new Inner(1e14, 1), []), PayloadKind.Object),
        ["class with setters and ignore conditions"] = (new Settable { Name = "n", Hidden = 3, Count = 0, Tags = ["t"], When = At }, PayloadKind.Object),
        ["class with ignored members present"] = (new Settable { Name = null, Count = 7, Tags = null }, PayloadKind.Object),
        ["object-typed members take the runtime type"] = (new Loose(new Inner(2, null), new object[] { 1, "x", true, 2.5, At }), PayloadKind.Object),
        ["DateTimeOffset, whole seconds UTC"] = (new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), PayloadKind.DateTimeOffset),
        ["DateTimeOffset, 7 fraction digits, negative offset"] = (new DateTimeOffset(2026, 1, 1, 0, 0, 0, 1, TimeSpan.FromMinutes(-330)).AddTicks(5), PayloadKind.DateTimeOffset),
        ["DateTimeOffset, 120 ms"] = (At, PayloadKind.DateTimeOffset),
        ["DateTimeOffset, extremes"] = (new[] { DateTimeOffset.MinValue, DateTimeOffset.MaxValue }, PayloadKind.List),
        ["enum, defined"] = (Level.High, PayloadKind.Enum),
        ["enum, undefined value"] = ((Level)42, PayloadKind.Enum),
        ["enum, flags combination"] = (Rights.Read | Rights.Write, PayloadKind.Enum),
        ["JsonElement, object"] = (Ext, PayloadKind.JsonElement),
        ["JsonElement, scalar"] = (JsonDocument.Parse("\"\\u00e9\"").RootElement, PayloadKind.JsonElement),
        ["doubles"] = (new[] { 0.1, -2.0, 1e15, 9007199254740991.0, 9007199254740993.0, 99999999999999984.0, -1e16, 1e17, double.MaxValue, double.Epsilon }, PayloadKind.List),
        ["dictionary of records"] = (new Dictionary<string, Inner> { ["a"] = new(1, 2), ["中"] = new(0.25, null) }, PayloadKind.Dictionary),
    };

    /// <summary>
    /// Shapes the direct path hands to System.Text.Json, and the type whose plan is through JSON (null
    /// when the value decides: a sequence whose count is unknown).
    /// </summary>
    private static Dictionary<string, (object Value, Type? ThroughJson)> Fallback { get; } = new()
    {
        ["property with a custom converter"] = (new WithConverter("shout", 1), typeof(WithConverter)),
        ["polymorphic property"] = (new WithPolymorphism(new Circle(2), [new Circle(1), new Shape()]), typeof(Shape)),
        ["type with a custom converter"] = (new Loose(new Upper("quiet"), null), typeof(Upper)),
        ["extension data"] = (new WithExtensionData { Id = 1, Rest = new() { ["extra"] = Ext } }, typeof(WithExtensionData)),
        ["unhandled primitives"] = (new Unhandled(ulong.MaxValue, 1.1m, 1.1f, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), [1, 2], 7), typeof(decimal)),
        ["sequence that is not a collection"] = (new Loose(Enumerable.Range(1, 3).Select(i => i * 2), null), null),
    };

    [Theory]
    [MemberData(nameof(DirectShapes))]
    public void Write_DirectShape_IsByteForByteWhatTheJsonProtocolsJsonTranscodesTo(string name)
    {
        var (value, kind) = Direct[name];
        var serializer = new PayloadSerializer(JsonOptions());

        Assert.Equal(kind, serializer.GetPayloadType(value.GetType()).Kind);
        Assert.Equal(ThroughJson(value, serializer.Options), Write(serializer, value));
    }

    [Theory]
    [MemberData(nameof(DirectShapes))]
    public void Read_DirectShape_GivesWhatTheJsonProtocolReads(string name)
    {
        var value = Direct[name].Value;

        AssertReadsAsJson(Write(new PayloadSerializer(JsonOptions()), value), value.GetType(), JsonOptions());
    }

    [Theory]
    [MemberData(nameof(FallbackShapes))]
    public void WriteAndRead_FallbackShape_GoThroughJsonAndEqualTheJsonProtocol(string name)
    {
        var (value, throughJson) = Fallback[name];
        var serializer = new PayloadSerializer(JsonOptions());

        Assert.True(throughJson is null || serializer.GetPayloadType(throughJson).Kind == PayloadKind.ThroughJson);
        var bytes = Write(serializer, value);
        Assert.Equal(ThroughJson(value, serializer.Options), bytes);
        AssertReadsAsJson(bytes, value.GetType(), JsonOptions());
    }

    [Fact]
    public void Options_ConvertersAndPoliciesOfTheJsonProtocol_ApplyToTheDirectPath()
    {
        var options = JsonOptions();
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.Converters.Add(new UpperConverter());
        var value = new Primitives("s", true, 1, 2, 3, Guid.Empty, At, Level.High, null);
        var serializer = new PayloadSerializer(options);

        Assert.Equal(PayloadKind.ThroughJson, serializer.GetPayloadType(typeof(string)).Kind);
        Assert.Equal(ThroughJson(value, serializer.Options), Write(serializer, value));
        Assert.Equal(ThroughJson(Level.High, serializer.Options), Write(serializer, Level.High));
        AssertReadsAsJson(Write(serializer, value), typeof(Primitives), options);
    }

    [Fact]
    public void Options_NamedFloatsAndNumbersFromStrings_AreLeftToSystemTextJsonPerValue()
    {
        var options = JsonOptions();
        options.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals | JsonNumberHandling.AllowReadingFromString;
        var value = new[] { new Inner(double.NaN, 1), new Inner(double.NegativeInfinity, null), new Inner(9e16, 2) };
        var serializer = new PayloadSerializer(options);

        Assert.Equal(PayloadKind.Object, serializer.GetPayloadType(typeof(Inner)).Kind);
        Assert.Equal(ThroughJson(value, serializer.Options), Write(serializer, value));
        AssertReadsAsJson(Write(serializer, value), typeof(Inner[]), options);
        AssertReadsAsJson(Convert.FromHexString("82A576616C7565A34E614EA86F7074696F6E616CA23432"), typeof(Inner), options, "{value: \"NaN\", optional: \"42\"}");
        Assert.Throws<ArgumentException>(() => Write(new PayloadSerializer(JsonOptions()), new Inner(double.NaN, null)));
    }

    [Fact]
    public void Options_ThatChangeEveryValue_SendEverythingThroughJson()
    {
        var options = JsonOptions();
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        var value = new Primitives(null, true, 1, 2, 3, Guid.Empty, At, Level.High, null);
        var serializer = new PayloadSerializer(options);

        Assert.Equal(PayloadKind.ThroughJson, serializer.GetPayloadType(typeof(Primitives)).Kind);
        Assert.Equal(ThroughJson(value, serializer.Options), Write(serializer, value));
    }

    [Theory]
    [InlineData("83 a4 6e 61 6d 65 a1 61 a5 4c 45 56 45 4c 01 a7 75 6e 6b 6e 6f 77 6e 92 01 c0", "case-insensitive names, unknown member skipped, missing parameters default")]
    [InlineData("81 a4 66 6c 61 67 a4 74 72 75 65", "string for a bool")]
    [InlineData("81 a5 63 6f 75 6e 74 cb 40 00 00 00 00 00 00 00", "float64 2.0 for an int")]
    [InlineData("81 a5 63 6f 75 6e 74 cf ff ff ff ff ff ff ff ff", "uint64 for an int")]
    [InlineData("81 a5 63 6f 75 6e 74 c0", "nil for an int")]
    [InlineData("81 a5 72 61 74 69 6f ca 3f 8c cc cd", "float32 1.1 for a double")]
    [InlineData("81 a2 61 74 d6 ff 00 00 00 3c", "timestamp for a DateTimeOffset")]
    [InlineData("81 a2 61 74 b4 32 30 32 36 2d 31 31 2d 32 31 54 30 39 3a 33 30 3a 31 35 5a", "ISO string for a DateTimeOffset")]
    [InlineData("81 a2 61 74 a6 6d 6f 6e 64 61 79", "bad string for a DateTimeOffset")]
    [InlineData("81 a2 69 64 a4 6e 6f 70 65", "bad string for a Guid")]
    [InlineData("81 01 02", "integer map key")]
    [InlineData("81 a4 6c 69 73 74 93 01 a1 32 03", "string in a list of ints")]
    [InlineData("81 a4 6c 69 73 74 81 a1 61 01", "map for a list")]
    [InlineData("81 a3 6d 61 70 81 01 02", "integer key in a dictionary")]
    [InlineData("81 a3 6d 61 70 81 a1 6b c4 01 ff", "binary for a string")]
    [InlineData("a1 78", "string for an object")]
    [InlineData("c0", "nil for an object")]
    [InlineData("81 a5 6c 65 76 65 6c a4 48 69 67 68", "enum name")]
    [InlineData("81 a3 65 78 74 82 a1 61 c0 a1 62 92 c3 cb 3f e0 00 00 00 00 00 00", "JsonElement ext")]
    public void Read_AnyValueFromAClient_GivesWhatSystemTextJsonGivesForItsJson(string hex, string reason)
    {
        AssertReadsAsJson(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), typeof(Everything), JsonOptions(), reason);
    }

    [Fact]
    public void Read_MutatedPayloads_AgreeWithSystemTextJsonOnTheSameValue()
    {
        var options = JsonOptions();
        var seed = Write(new PayloadSerializer(options), new Everything("n", 3, true, 0.5, At, Guid.Empty, [1, 2], new() { ["k"] = "v" }, Level.High, Ext));
        var random = new Random(20261122);
        for (var i = 0; i < 5_000; i++)
        {
            var bytes = seed.ToArray();
            for (var n = random.Next(1, 3); n > 0; n--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            AssertReadsAsJson(bytes, typeof(Everything), options, Convert.ToHexString(bytes));
        }
    }

    /// <summary>A fresh copy of SignalR's default payload options (camelCase, case-insensitive reads).</summary>
    private static JsonSerializerOptions JsonOptions() => new(new JsonHubProtocolOptions().PayloadSerializerOptions);

    private static byte[] Write(PayloadSerializer serializer, object value)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        serializer.Serialize(ref writer, value);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>What the JSON protocol's payload is, transcoded to MessagePack.</summary>
    private static byte[] ThroughJson(object value, JsonSerializerOptions options)
    {
        var json = new Utf8JsonReader(JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), options));
        json.Read();
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        JsonMessagePackTranscoder.ToMessagePack(ref json, ref writer);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads <paramref name="bytes"/> as <paramref name="type"/> with the protocol's serializer and, as
    /// JSON, with System.Text.Json: the same value (compared as the JSON it writes), or both fail (not
    /// necessarily alike: the direct path stops at the first value that does not bind, the transcoder
    /// may first meet a malformed one further on).
    /// </summary>
    private static void AssertReadsAsJson(byte[] bytes, Type type, JsonSerializerOptions options, string? reason = null)
    {
        var expected = Outcome(() =>
        {
            var reader = new MessagePackReader(bytes, 64);
            var output = new ArrayBufferWriter<byte>();
            using (var json = new Utf8JsonWriter(output))
            {
                JsonMessagePackTranscoder.ToJson(ref reader, json);
            }

            return JsonSerializer.Deserialize(output.WrittenSpan, type, options);
        });
        var serializer = new PayloadSerializer(new JsonSerializerOptions(options));
        var actual = Outcome(() =>
        {
            var reader = new MessagePackReader(bytes, 64);
            return serializer.Deserialize(ref reader, type);
        });

        Assert.True(expected == actual, $"{reason}: System.Text.Json gives {expected}, the direct path {actual}");

        string Outcome(Func<object?> read)
        {
            try
            {
                var value = read();
                return $"{value?.GetType().Name} {JsonSerializer.Serialize(value, type, options)}";
            }
            catch (Exception ex) when (ex is JsonException or InvalidDataException or InvalidOperationException or NotSupportedException)
            {
                return "failure";
            }
        }
    }

    public sealed record Primitives(string? Name, bool Flag, int Count, long Seq, double Ratio, Guid Id, DateTimeOffset At, Level Level, JsonElement? Ext);

    public sealed record Inner(double Value, int? Optional);

    public sealed record Nested(
        List<int> Ints, IReadOnlyList<string?> Strings, Dictionary<string, int[]> Map, IList<Dictionary<string, string?>> Maps, Inner Inner, Inner[] Inners);

    public sealed record Loose(object? Value, object[]? Values);

    public sealed record Everything(
        string? Name = null, int Count = 0, bool Flag = false, double Ratio = 0, DateTimeOffset At = default, Guid Id = default,
        IReadOnlyList<int>? List = null, Dictionary<string, string>? Map = null, Level Level = Level.Low, JsonElement? Ext = null)
    {
        public string? Extra { get; set; }
    }

    public sealed class Settable
    {
        [JsonPropertyName("display_name")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Name { get; set; }

        [JsonIgnore]
        public int Hidden { get; set; }

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        [JsonPropertyOrder(-1)]
        public int Count { get; set; }

        public IReadOnlyList<string>? Tags { get; set; }

        public DateTimeOffset? When { get; set; }

        public int Computed => Count * 2;
    }

    public sealed record WithConverter([property: JsonConverter(typeof(UpperConverter))] string Text, int Count);

    [JsonDerivedType(typeof(Circle), "circle")]
    public class Shape;

    public sealed class Circle(double radius) : Shape
    {
        public double Radius { get; } = radius;
    }

    public sealed record WithPolymorphism(Shape Main, List<Shape> All);

    [JsonConverter(typeof(UpperTypeConverter))]
    public sealed record Upper(string Text);

    public sealed class WithExtensionData
    {
        public int Id { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Rest { get; set; }
    }

    public sealed record Unhandled(ulong Big, decimal Money, float Small32, DateTime When, ushort[] Shorts, byte Small);

    private sealed class UpperConverter : JsonConverter<string>
    {
        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()!.ToLowerInvariant();

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToUpperInvariant());
    }

    private sealed class UpperTypeConverter : JsonConverter<Upper>
    {
        public override Upper Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString()!.ToLowerInvariant());

        public override void Write(Utf8JsonWriter writer, Upper value, JsonSerializerOptions options) => writer.WriteStringValue(value.Text.ToUpperInvariant());
    }
}
