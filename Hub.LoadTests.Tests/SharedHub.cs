using KefuHub.LoadTests.Hosting;

namespace KefuHub.LoadTests.Tests;

/// <summary>One embedded hub for the smoke runs that target it by --url (which also covers the
/// --url, --client-id and --secret-id path); started once, killed at the end.</summary>
public sealed class SharedHub : IAsyncLifetime
{
    private EmbeddedHub? _hub;

    internal HubCredentials Credentials { get; } = HubCredentials.Generate(1);

    public Uri Url => _hub!.Url;

    public int ProcessId => _hub!.ProcessId;

    public async ValueTask InitializeAsync() =>
        _hub = await EmbeddedHub.StartAsync(EmbeddedHub.DefaultServerDll(), Credentials, postgres: null, redis: null, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }
}
