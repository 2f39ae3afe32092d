namespace KefuHub.Protocols.Payload;

/// <summary>How <see cref="PayloadSerializer"/> writes and reads a type: directly, or through JSON.</summary>
internal enum PayloadKind
{
    /// <summary>Through System.Text.Json and <see cref="JsonMessagePackTranscoder"/>.</summary>
    ThroughJson,

    /// <summary>Declared <see cref="object"/>: written as its runtime type, read through JSON (as a JsonElement).</summary>
    Runtime,
    String,
    Boolean,
    Int32,
    Int64,
    Double,
    Guid,
    DateTimeOffset,

    /// <summary>Written as the JSON options write each value (cached per defined value), read through JSON.</summary>
    Enum,

    /// <summary>Written from its raw JSON, read through JSON.</summary>
    JsonElement,
    Object,
    List,
    Dictionary,
}
