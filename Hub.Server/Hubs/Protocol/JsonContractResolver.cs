using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using MessagePack;
using MessagePack.Formatters;

namespace KefuHub.Server.Hubs.Protocol;

/// <summary>
/// MessagePack formatters that shape hub payloads exactly as the JSON hub protocol does, with
/// System.Text.Json's contracts (<see cref="JsonTypeInfo"/>) for the same options as the one authority:
/// objects are maps keyed by the JSON property names, and every value whose MessagePack form would
/// differ from its JSON form (dates, enums, <see cref="JsonElement"/>, converters) is written as JSON
/// writes it. Types whose standard MessagePack form already equals JSON's (strings, booleans,
/// integers, doubles, Guids, lists, string-keyed dictionaries) are left to the next resolver.
/// </summary>
internal sealed class JsonContractResolver : IFormatterResolver
{
    // Same value in MessagePack's standard formatters as in JSON's built-in converters.
    private static readonly HashSet<Type> SameInBoth =
    [
        typeof(string), typeof(bool), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int),
        typeof(uint), typeof(long), typeof(ulong), typeof(float), typeof(double), typeof(Guid), typeof(object),
    ];

    private readonly ConcurrentDictionary<Type, object?> _formatters = new();

    public JsonContractResolver(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Ignore conditions of the options are applied inside System.Text.Json, not exposed by its contracts.
        if (options.DefaultIgnoreCondition != System.Text.Json.Serialization.JsonIgnoreCondition.Never || options.ReferenceHandler is not null)
        {
            throw new NotSupportedException("The MessagePack payload resolver does not reproduce DefaultIgnoreCondition or ReferenceHandler of the JSON payload options.");
        }

        // What the JSON protocol does on first use anyway; GetTypeInfo needs it done.
        options.MakeReadOnly(populateMissingResolver: true);
        Options = options;
    }

    public JsonSerializerOptions Options { get; }

    public IMessagePackFormatter<T>? GetFormatter<T>() => (IMessagePackFormatter<T>?)_formatters.GetOrAdd(typeof(T), static (_, self) => self.Create<T>(), this);

    private object? Create<T>()
    {
        var type = typeof(T);
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            // MessagePack's built-in nullable formatters would bypass ours for the underlying type.
            return Create(underlying) is null ? null
                : Activator.CreateInstance(typeof(NullableFormatter<>).MakeGenericType(underlying));
        }

        return Create(type);
    }

    private object? Create(Type type)
    {
        if (SameInBoth.Contains(type))
        {
            return null;
        }

        if (type == typeof(DateTimeOffset))
        {
            return IsoDateTimeOffsetFormatter.Instance;
        }

        if (type == typeof(JsonElement))
        {
            return JsonElementFormatter.Instance;
        }

        var typeInfo = Options.GetTypeInfo(type);
        return typeInfo.Kind switch
        {
            JsonTypeInfoKind.Object when IsPlainObject(typeInfo) =>
                Activator.CreateInstance(typeof(JsonObjectFormatter<>).MakeGenericType(type), typeInfo),
            // Lists and string-keyed dictionaries: MessagePack's own, their elements resolved here again.
            JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary when typeInfo.Converter.GetType() == JsonSerializerOptions.Default.GetTypeInfo(type).Converter.GetType()
                && (typeInfo.Kind == JsonTypeInfoKind.Enumerable || typeInfo.KeyType == typeof(string)) && type != typeof(byte[]) => null,
            // Enums, DateTime, TimeSpan, decimal, char, byte[], JsonNode, anything with a converter: as JSON writes it.
            _ => Activator.CreateInstance(typeof(ThroughJsonFormatter<>).MakeGenericType(type), typeInfo),
        };
    }

    /// <summary>
    /// An object whose JSON form is its properties' alone: no converter of its own, no polymorphism,
    /// callbacks, extension data, number handling or member converters. Anything else goes through JSON.
    /// </summary>
    private static bool IsPlainObject(JsonTypeInfo typeInfo) =>
        !typeof(JsonNode).IsAssignableFrom(typeInfo.Type)
        && typeInfo.Converter.GetType() == JsonSerializerOptions.Default.GetTypeInfo(typeInfo.Type).Converter.GetType()
        && typeInfo is { PolymorphismOptions: null, NumberHandling: null, OnSerializing: null, OnSerialized: null, OnDeserializing: null, OnDeserialized: null }
        && typeInfo.Properties.All(p => p is { CustomConverter: null, NumberHandling: null, IsExtensionData: false, IsRequired: false, ObjectCreationHandling: null });
}
