using System.Buffers;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using KefuHub.Protocols.MessagePack;

namespace KefuHub.Protocols.Payload;

/// <summary>One member of an object payload, from its <see cref="JsonPropertyInfo"/>.</summary>
internal sealed class PayloadProperty
{
    private PayloadType? _type;

    public PayloadProperty(JsonPropertyInfo info)
    {
        Name = info.Name;
        Utf8Name = Encoding.UTF8.GetBytes(info.Name);
        var encoded = new ArrayBufferWriter<byte>();
        new MessagePackWriter(encoded).WriteString(Utf8Name);
        EncodedName = encoded.WrittenSpan.ToArray();
        PropertyType = info.PropertyType;
        Get = info.Get;
        Set = info.Set;
        ShouldSerialize = info.ShouldSerialize;
        Position = info.AssociatedParameter?.Position ?? -1;
    }

    public string Name { get; }

    public byte[] Utf8Name { get; }

    /// <summary>The name as a MessagePack str, header included.</summary>
    public byte[] EncodedName { get; }

    public Type PropertyType { get; }

    public Func<object, object?>? Get { get; }

    public Action<object, object?>? Set { get; }

    public Func<object, object?, bool>? ShouldSerialize { get; }

    /// <summary>The constructor parameter it binds to, or -1.</summary>
    public int Position { get; }

    /// <summary>The plan of <see cref="PropertyType"/>, resolved on first use (types may nest themselves).</summary>
    public PayloadType GetPayloadType(PayloadSerializer serializer) => _type ??= serializer.GetPayloadType(PropertyType);
}
