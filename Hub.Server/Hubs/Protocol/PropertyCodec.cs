using MessagePack;

namespace KefuHub.Server.Hubs.Protocol;

/// <summary>Writes and reads a member's boxed value with the formatter the options' resolver has for the member's type.</summary>
internal abstract class PropertyCodec
{
    public abstract void Write(ref MessagePackWriter writer, object? value, MessagePackSerializerOptions options);

    public abstract object? Read(ref MessagePackReader reader, MessagePackSerializerOptions options);
}
