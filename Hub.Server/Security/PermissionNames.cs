using System.Text.Json;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Security;

/// <summary>Permissions as clients and the store write them: a JSON array of camelCase names, <c>["history","monitoring"]</c>.</summary>
public static class PermissionNames
{
    public const string Admin = "admin";
    public const string History = "history";
    public const string LeaveMessages = "leaveMessages";
    public const string Monitoring = "monitoring";

    private static readonly (string Name, Permission Permission)[] Names =
    [
        (Admin, Permission.Admin),
        (History, Permission.History),
        (LeaveMessages, Permission.LeaveMessages),
        (Monitoring, Permission.Monitoring),
    ];

    public static IReadOnlyList<string> All { get; } = [.. Names.Select(n => n.Name)];

    public static IReadOnlyList<string> ToNames(Permission permissions) => [.. Names.Where(n => permissions.HasFlag(n.Permission)).Select(n => n.Name)];

    /// <summary>The permissions named, or null when a name is not one of <see cref="All"/> (exact case).</summary>
    public static Permission? FromNames(IEnumerable<string?> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var permissions = Permission.None;
        foreach (var name in names)
        {
            var match = Array.FindIndex(Names, n => n.Name == name);
            if (match < 0)
            {
                return null;
            }

            permissions |= Names[match].Permission;
        }

        return permissions;
    }

    public static string Format(Permission permissions) => JsonSerializer.Serialize(ToNames(permissions), StorageJsonContext.Default.IReadOnlyListString);

    public static Permission? Parse(string json) =>
        JsonSerializer.Deserialize(json, StorageJsonContext.Default.IReadOnlyListString) is { } names ? FromNames(names) : null;
}
