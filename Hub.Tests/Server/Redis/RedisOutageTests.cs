using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Server.Redis;

/// <summary>A node whose redis-server (its own, not the shared one) dies under it.</summary>
public sealed class RedisOutageTests(PostgresServer postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RedisDown_ReadyFails_RoutingCallsFailFastWithAClearError_AndSignUpsAreRefused()
    {
        await using var own = new RedisServer();
        await using var node = KefuTestServer.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct),
            ["ConnectionStrings:Redis"] = await own.GetConfigurationAsync(Ct) + ",syncTimeout=1000,asyncTimeout=1000",
            ["Redis:KeyPrefix"] = own.NewPrefix(),
        });
        using (var ready = await node.Http.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        var visitor = await node.CreateVisitorAsync("v", Ct);
        await using var connection = node.VisitorConnection(visitor.Token);
        await connection.StartAsync(Ct);
        // The server goes on setting the connection up after the handshake; its first answer means it is done.
        var notFound = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest("no-such-session"), Ct));
        Assert.Contains("was not found", notFound.Message, StringComparison.Ordinal);

        own.Kill();

        using (var ready = await node.Http.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        var started = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<StartSessionResult>("StartSession", new StartSessionRequest(), Ct));
        Assert.True(error.Message.Contains("temporarily unavailable", StringComparison.Ordinal), error.Message);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
        using (var live = await node.Http.GetAsync(new Uri("/health/live", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        // The per-address limits count in Redis too: without it a sign-up is refused, not let through unbounded.
        using var signUp = await node.Http.PostAsJsonAsync($"/api/tenants/{KefuTestServer.TenantId}/visitors", new { nickname = "w" }, Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, signUp.StatusCode);
        Assert.Contains("API_503", await signUp.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("1", signUp.Headers.GetValues("Retry-After").Single());
    }
}
