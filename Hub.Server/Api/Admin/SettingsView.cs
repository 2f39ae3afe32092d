using System.Text.Json;
using System.Text.Json.Nodes;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Api.Admin;

/// <summary>
/// The settings as the API shows them: every stored field but <c>identitySecret</c>, which is write-only
/// (<c>identitySecretSet</c> says whether there is one), and the robot's, which <c>/robot</c> shows.
/// </summary>
internal static class SettingsView
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static JsonObject From(TenantSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var view = JsonSerializer.SerializeToNode(settings with { IdentitySecret = null }, Web)!.AsObject();
        view.Remove("identitySecret");
        view.Remove("robot");
        view["identitySecretSet"] = settings.IdentitySecret is not null;
        return view;
    }
}
