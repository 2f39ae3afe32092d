using System.Data.Common;

namespace KefuHub.Server.Storage;

/// <summary>Column reads by name, with the storage conventions: times as unix milliseconds, NULL as null.</summary>
internal static class DataReaderExtensions
{
    public static int Int32(this DbDataReader reader, string column) => reader.GetInt32(reader.GetOrdinal(column));

    public static long Int64(this DbDataReader reader, string column) => reader.GetInt64(reader.GetOrdinal(column));

    public static bool Boolean(this DbDataReader reader, string column) => reader.GetBoolean(reader.GetOrdinal(column));

    public static string String(this DbDataReader reader, string column) => reader.GetString(reader.GetOrdinal(column));

    public static string? NullableString(this DbDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }

    public static int? NullableInt32(this DbDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);
    }

    public static DateTimeOffset Time(this DbDataReader reader, string column) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.Int64(column));

    public static DateTimeOffset? NullableTime(this DbDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
    }
}
