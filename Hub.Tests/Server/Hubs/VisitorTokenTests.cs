using System.Net;
using System.Net.Http.Headers;
using KefuHub.Server.Hosting;
using KefuHub.Server.Hubs;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Storage;
using KefuHub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Server.Hubs;

/// <summary>
/// Visitor tokens: a sliding lifetime and revocation. The server runs on a fake clock that jumps days, so
/// the background services that poll it every second (queue positions, webhook delivery) are left out.
/// </summary>
public sealed class VisitorTokenTests : HubTestBase
{
    private readonly FakeTimeProvider _time = new();

    protected override TimeProvider? Time => _time;

    protected override void ConfigureServices(IServiceCollection services)
    {
        foreach (var polling in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType != typeof(HubInitializer)).ToList())
        {
            services.Remove(polling);
        }
    }

    [Fact]
    public async Task VisitorToken_ExpiresAfterThirtyDaysUnused_AndLivesOnWhileUsed()
    {
        var used = await Server.CreateVisitorAsync(cancellationToken: Ct);
        var idle = await Server.CreateVisitorAsync(cancellationToken: Ct);

        _time.Advance(TimeSpan.FromDays(20));
        Assert.Equal(HttpStatusCode.NotFound, await MessagesStatusAsync(used.Token));
        _time.Advance(TimeSpan.FromDays(20));

        Assert.Equal(HttpStatusCode.NotFound, await MessagesStatusAsync(used.Token));
        Assert.Equal(HttpStatusCode.Unauthorized, await MessagesStatusAsync(idle.Token));
        _time.Advance(TimeSpan.FromDays(31));
        Assert.Equal(HttpStatusCode.Unauthorized, await MessagesStatusAsync(used.Token));
    }

    [Fact]
    public async Task VisitorToken_Revoked_StopsWorking_ByTheVisitorOrAnAdministratorOnly()
    {
        var visitor = await ConnectVisitorAsync();
        var other = await Server.CreateVisitorAsync(cancellationToken: Ct);
        // Another visitor cannot revoke it; the visitor itself (or an administrator) can.
        Assert.Equal(HttpStatusCode.NotFound, await RevokeAsync(visitor.Visitor.VisitorId, other.Token));
        Assert.Equal(HttpStatusCode.OK, await RevokeAsync(visitor.Visitor.VisitorId, visitor.Visitor.Token));

        Assert.Equal(HttpStatusCode.Unauthorized, await MessagesStatusAsync(visitor.Visitor.Token));
        await Assert.ThrowsAnyAsync<Exception>(() => ReconnectVisitorAsync(visitor.Visitor));
        var adminToken = await Server.LoginAsync(KefuTestServer.AdminUsername, KefuTestServer.AdminPassword, Ct);
        Assert.Equal(HttpStatusCode.OK, await RevokeAsync(other.VisitorId, adminToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await MessagesStatusAsync(other.Token));
    }

    [Fact]
    public async Task Revoked_ClosesTheVisitorsOpenConnectionsOnThisNodeAtOnce_AndNobodyElses()
    {
        var visitor = await ConnectVisitorAsync();
        var secondDevice = await ReconnectVisitorAsync(visitor.Visitor);
        var bystander = await ConnectVisitorAsync();
        var closed = Task.WhenAll(Closed(visitor.Connection), Closed(secondDevice.Connection));

        Assert.Equal(HttpStatusCode.OK, await RevokeAsync(visitor.Visitor.VisitorId, visitor.Visitor.Token));

        await closed.WaitAsync(Timeout, Ct);
        Assert.NotNull((await bystander.StartAsync()).State);
        Assert.Equal(HubConnectionState.Connected, bystander.Connection.State);
    }

    [Fact]
    public async Task RevokedWithoutTheSignalReachingThisNode_TheConnectionClosesAtItsNextCall_OnceItsCheckLapses()
    {
        var visitor = await ConnectVisitorAsync();
        var bystander = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;
        var closed = Closed(visitor.Connection);

        // Revoked where this node missed the signal: the shared store lost the tokens, this node's registry heard nothing.
        Assert.Equal(1, await Server.Services.GetRequiredService<ITokenStore>().DeleteTokensAsync(KefuTestServer.TenantId, TokenKind.Visitor, visitor.Visitor.VisitorId, Ct));
        _time.Advance(TokenStatusCache.Lifetime);

        await Assert.ThrowsAnyAsync<Exception>(() => visitor.Connection.InvokeAsync("EndSession", new SessionRequest(id), Ct));
        await closed.WaitAsync(Timeout, Ct);
        Assert.NotNull((await bystander.StartAsync()).State);
    }

    [Fact]
    public async Task ExpiredWhileConnected_TheConnectionClosesAtItsNextCall_WhileOneInUseLivesOn()
    {
        var used = await ConnectVisitorAsync();
        var idle = await ConnectVisitorAsync();
        var usedId = (await used.StartAsync()).ServiceSessionId!;
        await idle.StartAsync();
        var idleClosed = Closed(idle.Connection);

        // Hub calls count as use: the used token slides, the idle one (no call for 31 days) runs out.
        for (var day = 0; day < 31; day += 10)
        {
            _time.Advance(TimeSpan.FromDays(10));
            Assert.Equal(usedId, (await used.StartAsync()).ServiceSessionId);
        }

        await Assert.ThrowsAnyAsync<Exception>(() => idle.StartAsync());
        await idleClosed.WaitAsync(Timeout, Ct);
        Assert.Equal(HttpStatusCode.NotFound, await MessagesStatusAsync(used.Visitor.Token));
    }

    private async Task<HttpStatusCode> MessagesStatusAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/tenants/{KefuTestServer.TenantId}/sessions/none/messages");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Server.Http.SendAsync(request, Ct);
        return response.StatusCode;
    }

    private async Task<HttpStatusCode> RevokeAsync(string visitorId, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/tenants/{KefuTestServer.TenantId}/visitors/{visitorId}/tokens");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Server.Http.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
