using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using KefuHub.Server.Hubs;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Hubs.Protocol;
using MessagePack;
using Microsoft.AspNetCore.SignalR;

namespace KefuHub.Tests.Server.Hubs.Protocol;

/// <summary>
/// Every wire type of the hub contracts (Hub.Server/Hubs/Contracts: arguments, results, event payloads)
/// carries the same field names and values in the official MessagePack protocol, as the hubs configure
/// it, as in the JSON protocol; and reads back to the same value.
/// </summary>
public sealed class ContractPayloadTests
{
    private static readonly JsonSerializerOptions Json = new JsonHubProtocolOptions().PayloadSerializerOptions;
    private static readonly MessagePackSerializerOptions MessagePack = KefuMessagePackSerializerOptions.Create(Json);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset At = new(2026, 11, 21, 9, 30, 15, 120, TimeSpan.FromHours(8));

    public static TheoryData<string, bool> WireTypes =>
        [.. ContractTypes().SelectMany(t => new[] { (t.Name, false), (t.Name, true) })];

    [Theory]
    [MemberData(nameof(WireTypes))]
    public void ContractType_MessagePackPayload_HasTheJsonProtocolsNamesAndValues(string name, bool nullsInsteadOfOptionals)
    {
        var type = ContractTypes().Single(t => t.Name == name);
        var value = Sample(type, nullsInsteadOfOptionals, depth: 0);
        var json = JsonSerializer.SerializeToNode(value, type, Json);

        var bytes = MessagePackSerializer.Serialize(type, value, MessagePack, Ct);
        var asJson = JsonNode.Parse(MessagePackSerializer.ConvertToJson(bytes, cancellationToken: Ct));
        var back = MessagePackSerializer.Deserialize(type, bytes, MessagePack, Ct);

        Assert.True(JsonNode.DeepEquals(json, asJson), $"{name}: JSON {json?.ToJsonString()} but MessagePack {asJson?.ToJsonString()}");
        var backAsJson = JsonSerializer.SerializeToNode(back, type, Json);
        Assert.True(JsonNode.DeepEquals(json, backAsJson), $"{name}: read back as {backAsJson?.ToJsonString()}");
    }

    [Fact]
    public void ContractTypes_CoverEveryHubMethodsArgumentsAndResults()
    {
        var hubTypes = new[] { typeof(VisitorHub), typeof(AgentHub) }
            .SelectMany(h => h.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Concat(typeof(ConversationHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)))
            .Where(m => !m.IsSpecialName && m.Name is not (nameof(Hub.OnConnectedAsync) or nameof(Hub.OnDisconnectedAsync)))
            .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType))
            .Select(Unwrap)
            .Where(t => t != typeof(void) && t != typeof(Task))
            .Distinct()
            .ToList();

        Assert.NotEmpty(hubTypes);
        Assert.All(hubTypes, t => Assert.Contains(t, ContractTypes()));
        Assert.Contains(typeof(MessageEvent), ContractTypes());
        Assert.Contains(typeof(QueuePositionEvent), ContractTypes());
    }

    [Theory]
    [InlineData("2026-11-21T09:30:15.1200000+08:00", "2026-11-21T09:30:15.12+08:00")]
    [InlineData("2026-11-21T09:30:15.0000000+00:00", "2026-11-21T09:30:15+00:00")]
    [InlineData("2026-11-21T09:30:15.1234567-05:30", "2026-11-21T09:30:15.1234567-05:30")]
    [InlineData("0001-01-01T00:00:00.0000001+00:00", "0001-01-01T00:00:00.0000001+00:00")]
    public void DateTimeOffset_IsTheJsonProtocolsIsoString(string value, string expected)
    {
        var date = DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

        var bytes = MessagePackSerializer.Serialize(date, MessagePack, Ct);

        var written = MessagePackSerializer.Deserialize<string>(bytes, MessagePackSerializerOptions.Standard, Ct);
        Assert.Equal(expected, written);
        Assert.Equal(JsonSerializer.SerializeToElement(date, Json).GetString(), written);
        Assert.Equal(date, MessagePackSerializer.Deserialize<DateTimeOffset>(bytes, MessagePack, Ct));
        Assert.Equal(date.Offset, MessagePackSerializer.Deserialize<DateTimeOffset>(bytes, MessagePack, Ct).Offset);
    }

    [Fact]
    public void DateTimeOffset_FromAJsDate_ReadsTheTimestampExtensionAsUtc()
    {
        // What @msgpack/msgpack writes for new Date("2026-11-21T01:30:15.120Z"): timestamp 64.
        var utc = new DateTime(2026, 11, 21, 1, 30, 15, 120, DateTimeKind.Utc);
        var bytes = MessagePackSerializer.Serialize(utc, MessagePackSerializerOptions.Standard, Ct);

        var read = MessagePackSerializer.Deserialize<DateTimeOffset>(bytes, MessagePack, Ct);

        Assert.Equal(0xd7, bytes[0]);
        Assert.Equal(new DateTimeOffset(utc), read);
        Assert.Equal(TimeSpan.Zero, read.Offset);
    }

    [Fact]
    public void Ext_IsAMapOfTheSameValues_AndUnknownKeysAreSkipped()
    {
        using var ext = JsonDocument.Parse("""{"orderId":"A-1029","n":[1,-2,2.5,true,null,18446744073709551615],"o":{"x":null}}""");
        var request = new SendMessageRequest("s-1", "c-1", "order", null, null, ext.RootElement);
        var bytes = MessagePackSerializer.Serialize(request, MessagePack, Ct);

        // 6 members; ext is written as a map (fixmap of 3), not as a JSON string.
        var reader = new MessagePackReader(bytes);
        Assert.Equal(6, reader.ReadMapHeader());
        for (var i = 0; i < 5; i++)
        {
            reader.Skip();
            reader.Skip();
        }

        Assert.Equal("ext", reader.ReadString());
        Assert.Equal(MessagePackType.Map, reader.NextMessagePackType);

        // A client's map with an extra key reads as JSON reads {"...","extra":1}.
        var withExtra = MessagePackSerializer.ConvertFromJson("""{"serviceSessionId":"s-1","clientMessageId":"c-1","type":"txt","extra":{"deep":[1]}}""", MessagePack, Ct);
        Assert.Equal(new SendMessageRequest("s-1", "c-1", "txt"), MessagePackSerializer.Deserialize<SendMessageRequest>(withExtra, MessagePack, Ct));
    }

    private static List<Type> ContractTypes() =>
        [.. typeof(SendMessageRequest).Assembly.GetTypes().Where(t => t.Namespace == typeof(SendMessageRequest).Namespace && t is { IsClass: true, IsAbstract: false } && !t.IsNested)];

    private static Type Unwrap(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>) ? Unwrap(type.GetGenericArguments()[0])
        : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0]
        : type;

    /// <summary>A value of <paramref name="type"/> with every member set (or its optional ones null).</summary>
    private static object? Sample(Type type, bool nulls, int depth)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return nulls ? null : Sample(underlying, nulls, depth);
        }

        if (type == typeof(string))
        {
            return "值 \"quoted\" <b>&";
        }

        if (type == typeof(int))
        {
            return 7;
        }

        if (type == typeof(long))
        {
            return 4_294_967_296L;
        }

        if (type == typeof(bool))
        {
            return true;
        }

        if (type == typeof(double))
        {
            return 2.5;
        }

        if (type == typeof(DateTimeOffset))
        {
            return At;
        }

        if (type == typeof(JsonElement))
        {
            return JsonDocument.Parse("""{"orderId":"A-1","items":[1,2.5,"x",false,null],"nested":{"k":"v"}}""").RootElement;
        }

        if (type.IsEnum)
        {
            return Enum.GetValues(type).GetValue(Enum.GetValues(type).Length - 1);
        }

        if (type.IsArray || (type.IsGenericType && type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))))
        {
            var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            list.Add(Sample(element, nulls, depth + 1));
            list.Add(Sample(element, !nulls, depth + 1));
            return type.IsArray ? list.GetType().GetMethod("ToArray")!.Invoke(list, null) : list;
        }

        Assert.True(depth < 5, $"{type} nests too deeply for a sample.");
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var parameters = constructor.GetParameters();
        var arguments = parameters.Select(p => nulls && IsOptional(p) ? null : Sample(p.ParameterType, nulls, depth + 1)).ToArray();
        var value = constructor.Invoke(arguments);
        foreach (var property in type.GetProperties().Where(p => p.SetMethod is { IsPublic: true } && parameters.All(q => !string.Equals(q.Name, p.Name, StringComparison.OrdinalIgnoreCase))))
        {
            property.SetValue(value, nulls && IsOptional(property.PropertyType, property) ? null : Sample(property.PropertyType, nulls, depth + 1));
        }

        return value;
    }

    private static bool IsOptional(ParameterInfo parameter) =>
        Nullable.GetUnderlyingType(parameter.ParameterType) is not null
        || (!parameter.ParameterType.IsValueType && new NullabilityInfoContext().Create(parameter).WriteState == NullabilityState.Nullable);

    private static bool IsOptional(Type type, PropertyInfo property) =>
        Nullable.GetUnderlyingType(type) is not null
        || (!type.IsValueType && new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable);
}
