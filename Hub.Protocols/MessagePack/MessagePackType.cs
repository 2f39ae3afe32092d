namespace KefuHub.Protocols.MessagePack;

/// <summary>The kind of the next MessagePack value, as far as our codec distinguishes them.</summary>
internal enum MessagePackType
{
    Nil,
    Boolean,
    Integer,
    Float,
    String,
    Binary,
    Array,
    Map,
    Extension,
}
