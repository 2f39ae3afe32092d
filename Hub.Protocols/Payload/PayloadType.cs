using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace KefuHub.Protocols.Payload;

/// <summary>
/// How one type is written and read, compiled once from its <see cref="JsonTypeInfo"/> so that names,
/// order and ignore conditions are System.Text.Json's. Anything the direct path does not reproduce
/// exactly (custom converters, polymorphism, callbacks, number handling, extension data, required
/// members) is <see cref="PayloadKind.ThroughJson"/>.
/// </summary>
internal sealed class PayloadType
{
    private static readonly Dictionary<Type, PayloadKind> Primitives = new()
    {
        [typeof(string)] = PayloadKind.String,
        [typeof(bool)] = PayloadKind.Boolean,
        [typeof(int)] = PayloadKind.Int32,
        [typeof(long)] = PayloadKind.Int64,
        [typeof(double)] = PayloadKind.Double,
        [typeof(Guid)] = PayloadKind.Guid,
        [typeof(DateTimeOffset)] = PayloadKind.DateTimeOffset,
        [typeof(JsonElement)] = PayloadKind.JsonElement,
        [typeof(object)] = PayloadKind.Runtime,
    };

    private PayloadType? _element;

    /// <param name="typeInfo">The contract of the type, or of T for <see cref="Nullable{T}"/>.</param>
    /// <param name="direct">False when the options themselves need System.Text.Json on every value.</param>
    public PayloadType(JsonTypeInfo typeInfo, bool canBeNull, bool direct)
    {
        TypeInfo = typeInfo;
        CanBeNull = canBeNull;
        Kind = direct ? KindOf(typeInfo) : PayloadKind.ThroughJson;
        switch (Kind)
        {
            case PayloadKind.Enum:
                EnumValues = new ConcurrentDictionary<object, byte[]>();
                break;
            case PayloadKind.Object:
                var properties = typeInfo.Properties.Select(p => new PayloadProperty(p)).ToArray();
                WriteProperties = [.. properties.Where(p => p.Get is not null)];
                HasConditions = WriteProperties.Any(p => p.ShouldSerialize is not null);
                ReadProperties = [.. properties.Where(p => p.Set is not null || p.Position >= 0)];
                (Create, Constructor, DefaultArguments) = typeInfo.Type.IsValueType ? default : CreatorOf(typeInfo);
                break;
            case PayloadKind.List:
                var list = typeof(List<>).MakeGenericType(typeInfo.ElementType!);
                Constructor = typeInfo.Type.IsArray || !typeInfo.Type.IsAssignableFrom(list) ? null : ConstructorInvoker.Create(list.GetConstructor(Type.EmptyTypes)!);
                break;
            case PayloadKind.Dictionary:
                var dictionary = typeof(Dictionary<,>).MakeGenericType(typeof(string), typeInfo.ElementType!);
                Constructor = typeInfo.Type.IsAssignableFrom(dictionary) ? ConstructorInvoker.Create(dictionary.GetConstructor(Type.EmptyTypes)!) : null;
                break;
        }
    }

    public JsonTypeInfo TypeInfo { get; }

    public PayloadKind Kind { get; }

    /// <summary>Nil reads as null: a reference type or <see cref="Nullable{T}"/>.</summary>
    public bool CanBeNull { get; }

    /// <summary>Object: the members written, in order (those with a getter).</summary>
    public PayloadProperty[] WriteProperties { get; } = [];

    /// <summary>Object: some member has an ignore condition, so the map size is known only after a first pass.</summary>
    public bool HasConditions { get; }

    /// <summary>Object: the members read (with a setter or a constructor parameter).</summary>
    public PayloadProperty[] ReadProperties { get; } = [];

    /// <summary>Object with a parameterless constructor.</summary>
    public Func<object>? Create { get; }

    /// <summary>
    /// Object with a parameterized constructor (a positional record), whose arguments start as
    /// <see cref="DefaultArguments"/>; List and Dictionary: the parameterless constructor of the
    /// List&lt;T&gt; or Dictionary&lt;string, T&gt; that System.Text.Json would create. Null, and
    /// <see cref="Create"/> null, when reading goes through JSON.
    /// </summary>
    public ConstructorInvoker? Constructor { get; }

    /// <summary>What System.Text.Json passes for a parameter missing from the payload.</summary>
    public object?[]? DefaultArguments { get; }

    /// <summary>Enum: each defined value as the JSON options write it, in MessagePack.</summary>
    public ConcurrentDictionary<object, byte[]>? EnumValues { get; }

    /// <summary>List and Dictionary: the plan of the elements (values), resolved on first use.</summary>
    public PayloadType GetElementType(PayloadSerializer serializer) => _element ??= serializer.GetPayloadType(TypeInfo.ElementType!);

    private static PayloadKind KindOf(JsonTypeInfo typeInfo)
    {
        var type = typeInfo.Type;
        if (typeInfo.PolymorphismOptions is not null || typeInfo.NumberHandling is not null)
        {
            return PayloadKind.ThroughJson;
        }

        switch (typeInfo.Kind)
        {
            case JsonTypeInfoKind.None when type.IsEnum:
                return PayloadKind.Enum;
            case JsonTypeInfoKind.None:
                // A converter of the options (or an attribute) replaces the built-in one.
                var builtIn = JsonSerializerOptions.Default.GetTypeInfo(type).Converter.GetType();
                return typeInfo.Converter.GetType() == builtIn && Primitives.TryGetValue(type, out var kind) ? kind : PayloadKind.ThroughJson;
            case JsonTypeInfoKind.Object when typeInfo.OnSerializing is null && typeInfo.OnSerialized is null
                && typeInfo.OnDeserializing is null && typeInfo.OnDeserialized is null
                && typeInfo.Properties.All(p => p.CustomConverter is null && p.NumberHandling is null && !p.IsExtensionData
                    && !p.IsRequired && p.ObjectCreationHandling is null && p.AssociatedParameter is not { IsMemberInitializer: true }):
                return PayloadKind.Object;
            case JsonTypeInfoKind.Enumerable:
                return PayloadKind.List;
            case JsonTypeInfoKind.Dictionary when typeInfo.KeyType == typeof(string):
                return PayloadKind.Dictionary;
            default:
                return PayloadKind.ThroughJson;
        }
    }

    private static (Func<object>?, ConstructorInvoker?, object?[]?) CreatorOf(JsonTypeInfo typeInfo)
    {
        if (typeInfo.CreateObject is { } create)
        {
            return (create, null, null);
        }

        if (typeInfo.ConstructorAttributeProvider is not ConstructorInfo constructor)
        {
            return default;
        }

        var parameters = constructor.GetParameters();
        var defaults = new object?[parameters.Length];
        foreach (var parameter in parameters)
        {
            var info = typeInfo.Properties.FirstOrDefault(p => p.AssociatedParameter?.Position == parameter.Position)?.AssociatedParameter;
            if (info is null)
            {
                return default;
            }

            var type = info.ParameterType;
            defaults[parameter.Position] = info.HasDefaultValue ? info.DefaultValue
                : type.IsValueType && Nullable.GetUnderlyingType(type) is null ? RuntimeHelpers.GetUninitializedObject(type)
                : null;
        }

        return (null, ConstructorInvoker.Create(constructor), defaults);
    }
}
