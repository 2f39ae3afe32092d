using MessagePack;

namespace KefuHub.Server.Hubs.Protocol;

/// <inheritdoc />
internal sealed class PropertyCodec<T> : PropertyCodec
{
    public override void Write(ref MessagePackWriter writer, object? value, MessagePackSerializerOptions options) =>
        options.Resolver.GetFormatterWithVerify<T>().Serialize(ref writer, (T)value!, options);

    public override object? Read(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        options.Resolver.GetFormatterWithVerify<T>().Deserialize(ref reader, options);
}
