using System.Net.WebSockets;
using System.Text;
using KefuHub.LoadTests.Client;
using KefuHub.LoadTests.Framework;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.LoadTests.Baselines;

/// <summary>
/// The floors the hub's numbers are divided by, measured in the same run at the same rate:
/// <c>ws-echo</c>, a text frame the size of a chat message through a bare Kestrel WebSocket and back;
/// <c>signalr-echo</c>, a hub call <c>Echo(text)</c> answered with its argument, per protocol.
/// </summary>
internal static class EchoBaselines
{
    /// <summary>About the size of a chat scenario's SendMessage.</summary>
    private static readonly string Payload = new('x', 96);

    public static ScenarioDefinition WebSocketEcho(Uri server, SourceAddressPool addresses, int rate, TimeSpan duration)
    {
        var count = Connections(rate);
        var sockets = new (ClientWebSocket Socket, SemaphoreSlim Gate)[count];
        var payload = Encoding.UTF8.GetBytes(Payload);
        var wsUrl = new UriBuilder(server) { Scheme = "ws", Path = EchoServer.WebSocketPath }.Uri;
        return Scenario.Create("ws-echo", async context =>
            {
                var (socket, gate) = sockets[context.InvocationNumber % count];
                // One frame in flight per socket (WebSocket rules); the clock starts once it is ours.
                await gate.WaitAsync(context.CancellationToken);
                try
                {
                    return await Step.Run("ws-echo", context, async () =>
                    {
                        var buffer = new byte[payload.Length * 2];
                        await socket.SendAsync(payload, WebSocketMessageType.Text, true, context.CancellationToken);
                        var total = 0;
                        while (total < payload.Length)
                        {
                            var received = await socket.ReceiveAsync(buffer.AsMemory(total), context.CancellationToken);
                            total += received.Count;
                        }

                        return Response.Ok(payload.Length * 2);
                    });
                }
                finally
                {
                    gate.Release();
                }
            })
            .WithPrimaryStep("ws-echo")
            .WithInit(async context =>
            {
                for (var i = 0; i < count; i++)
                {
                    var socket = new ClientWebSocket();
                    await socket.ConnectAsync(wsUrl, addresses.Next(), context.CancellationToken);
                    sockets[i] = (socket, new SemaphoreSlim(1, 1));
                }
            })
            .WithLoadSimulations(Simulation.Inject(rate, TimeSpan.FromSeconds(1), duration))
            .WithClean(async _ =>
            {
                foreach (var (socket, gate) in sockets.Where(s => s.Socket is not null))
                {
                    socket.Abort();
                    socket.Dispose();
                    gate.Dispose();
                }

                await Task.CompletedTask;
            });
    }

    public static ScenarioDefinition SignalREcho(Uri server, HubConnectionFactory connections, int rate, TimeSpan duration)
    {
        var count = Connections(rate);
        var hubs = new HubConnection[count];
        var step = $"signalr-echo [{connections.Protocol.ToString().ToLowerInvariant()}]";
        return Scenario.Create("signalr-echo", context => Step.Run(step, context, async () =>
            {
                var echoed = await hubs[context.InvocationNumber % count].InvokeAsync<string>("Echo", Payload, context.CancellationToken);
                return echoed == Payload ? Response.Ok(Payload.Length * 2) : Response.Fail("echo differs");
            }))
            .WithLabel(step)
            .WithPrimaryStep(step)
            .WithInit(async context =>
            {
                for (var i = 0; i < count; i++)
                {
                    hubs[i] = connections.Create(new Uri(server, EchoServer.HubPath), null);
                    await hubs[i].StartAsync(context.CancellationToken);
                }
            })
            .WithLoadSimulations(Simulation.Inject(rate, TimeSpan.FromSeconds(1), duration))
            .WithClean(async _ =>
            {
                foreach (var hub in hubs.Where(h => h is not null))
                {
                    await hub.DisposeAsync();
                }
            });
    }

    /// <summary>As many connections as a chat of that rate spreads over, at least 10.</summary>
    private static int Connections(int rate) => Math.Max(10, rate / 20);
}
