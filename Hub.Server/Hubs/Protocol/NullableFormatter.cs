using MessagePack;
using MessagePack.Formatters;

namespace KefuHub.Server.Hubs.Protocol;

/// <summary><see cref="Nullable{T}"/> as nil or T through the options' resolver (so through <see cref="JsonContractResolver"/>).</summary>
internal sealed class NullableFormatter<T> : IMessagePackFormatter<T?>
    where T : struct
{
    public void Serialize(ref MessagePackWriter writer, T? value, MessagePackSerializerOptions options)
    {
        if (value is { } v)
        {
            options.Resolver.GetFormatterWithVerify<T>().Serialize(ref writer, v, options);
        }
        else
        {
            writer.WriteNil();
        }
    }

    public T? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        reader.TryReadNil() ? null : options.Resolver.GetFormatterWithVerify<T>().Deserialize(ref reader, options);
}
