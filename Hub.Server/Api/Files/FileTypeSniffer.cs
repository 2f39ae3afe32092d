namespace KefuHub.Server.Api.Files;

/// <summary>
/// A file's type from its first bytes, never from its name or the client's Content-Type: only PNG,
/// JPEG, GIF and WebP are images; everything else (SVG, HTML, scripts) is an opaque download.
/// </summary>
internal static class FileTypeSniffer
{
    public const string Binary = "application/octet-stream";

    /// <summary>Bytes needed to decide.</summary>
    public const int HeaderLength = 12;

    public static string Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        return Binary;
    }

    public static bool IsImage(string contentType) => contentType != Binary;
}
