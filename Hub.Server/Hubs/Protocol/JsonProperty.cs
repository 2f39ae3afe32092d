using System.Text.Json.Serialization.Metadata;
using MessagePack;

namespace KefuHub.Server.Hubs.Protocol;

/// <summary>One member of a <see cref="JsonObjectFormatter{T}"/>: its JSON contract, its name already in MessagePack, its value codec.</summary>
internal sealed class JsonProperty
{
    public JsonProperty(JsonPropertyInfo info)
    {
        Info = info;
        Position = info.AssociatedParameter?.Position ?? -1;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var name = new MessagePackWriter(buffer);
        name.Write(info.Name);
        name.Flush();
        EncodedName = buffer.WrittenSpan.ToArray();
        Codec = (PropertyCodec)Activator.CreateInstance(typeof(PropertyCodec<>).MakeGenericType(info.PropertyType))!;
    }

    public JsonPropertyInfo Info { get; }

    /// <summary>The constructor parameter the member binds to, or -1.</summary>
    public int Position { get; }

    public byte[] EncodedName { get; }

    public PropertyCodec Codec { get; }

    public bool ShouldWrite(object owner, object? value) => Info.ShouldSerialize?.Invoke(owner, value) ?? true;
}
