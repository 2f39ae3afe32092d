using System.Globalization;
using KefuHub.Server.Conversations;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using KefuHub.Tests.Infrastructure;
using KefuHub.Tests.Widget;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KefuHub.Tests.Workspace;

/// <summary>
/// Issue 13, item 4: with 20 open sessions of 200 messages each, the workspace's first screen reads each
/// history once, in one request, and a new message changes only its own session's row and log. How long the
/// first screen takes is measured, not asserted (a shared machine's load decides it): the figures go to
/// <c>workspace-performance.txt</c> next to the screenshots, and into docs/performance.md.
/// </summary>
public sealed class WorkspacePerformanceTests(Chromium chromium) : WorkspaceBrowserTestBase(chromium), IClassFixture<Chromium>
{
    private const int Sessions = 20;
    private const int MessagesPerSession = 200;
    private const int Loads = 5;

    // Marks when a pushed message frame reaches the page, before SignalR's handler runs.
    private const string FrameClock = """
        (() => {
          window.__pushAt = [];
          const Native = window.WebSocket;
          window.WebSocket = class extends Native {
            constructor(...args) {
              super(...args);
              this.addEventListener('message', e => {
                if (typeof e.data === 'string' && e.data.includes('"target":"message"')) window.__pushAt.push(performance.now());
              });
            }
          };
        })();
        """;

    [Fact]
    public async Task TwentySessionsOf200Messages_FirstScreenReadsEachHistoryOnce_AndANewMessageTouchesOnlyItsSession()
    {
        var alice = await CreateAgentAsync("alice@test", Sessions, "Alice Chen");
        var agent = await ConnectAgentAsync(alice);
        await agent.Connection.InvokeAsync("SetState", new SetStateRequest("Online"), Ct);
        var visitors = new List<(KefuHub.Tests.Server.Hubs.VisitorClient Client, string SessionId)>();
        for (var i = 0; i < Sessions; i++)
        {
            var visitor = await ConnectVisitorAsync($"Visitor {i + 1:00}");
            visitors.Add((visitor, (await visitor.StartAsync(new StartSessionRequest())).ServiceSessionId!));
        }

        // 200 messages a session, visitor and agent in turn, the sessions written in parallel; through the
        // conversation service the hubs call, so that the hubs' per-connection rate limits stay as shipped.
        var conversations = Server.Services.GetRequiredService<ConversationService>();
        var agentCaller = new CallerIdentity(KefuTestServer.TenantId, TokenKind.Agent, alice.UserId);
        await Task.WhenAll(visitors.Select(async v =>
        {
            var visitorCaller = new CallerIdentity(KefuTestServer.TenantId, TokenKind.Visitor, v.Client.Visitor.VisitorId);
            for (var m = 0; m < MessagesPerSession; m++)
            {
                var text = $"Message {m + 1} of a long conversation about order #{1000 + m}: sizes, colours, delivery dates and the return policy.";
                await conversations.SendMessageAsync(m % 2 == 0 ? visitorCaller : agentCaller, new SendMessageRequest(v.SessionId, Guid.NewGuid().ToString(), "txt", text), Ct);
            }
        }));

        var page = await OpenWorkspaceAsync(alice, initScript: FrameClock);
        var samples = new List<(double Ready, string Steps)>();
        for (var load = 0; load < Loads; load++)
        {
            await page.ReloadAsync();
            await Ready(page);
            // The remembered sessions' histories are fetched while the hub connects, and the workspace uses
            // them: one request a session, its whole 200 messages in one page.
            var historyReads = await page.EvaluateAsync<string[]>("""
                () => performance.getEntriesByType('resource')
                  .map(e => new URL(e.name)).filter(u => /\/sessions\/[^/]+\/messages$/.test(u.pathname))
                  .map(u => u.pathname.split('/')[5] + (u.searchParams.get('afterSeq') === '0' ? '' : ' after ' + u.searchParams.get('afterSeq')))
                """);
            Assert.Equal(visitors.Select(v => v.SessionId).Order(), historyReads.Order());
            samples.Add((
                await page.EvaluateAsync<double>("() => performance.getEntriesByName('kefu-workspace-ready')[0].startTime"),
                await page.EvaluateAsync<string>("""
                    () => {
                      const at = name => Math.round(performance.getEntriesByName(name)[0]?.startTime ?? NaN);
                      const script = performance.getEntriesByType('resource').find(e => new URL(e.name).pathname === '/workspace.js');
                      return `script loaded ${Math.round(script.responseEnd)}, hub connected ${at('kefu-hub-connected')}, workspace read ${at('kefu-workspace-read')}, ` +
                        `histories read ${at('kefu-histories-read')}, ready ${at('kefu-workspace-ready')}`;
                    }
                    """)));
        }

        // The first screen: every row with its last message, the open session's whole log.
        await Assertions.Expect(page.Locator("[data-kefu=session]")).ToHaveCountAsync(Sessions);
        await Assertions.Expect(page.Locator("[data-kefu=session] .rsub").Filter(new() { HasTextString = "Loading" })).ToHaveCountAsync(0);
        await Assertions.Expect(LogMessages(page)).ToHaveCountAsync(MessagesPerSession);
        Assert.Equal(1, await page.Locator(".log").CountAsync());
        await ScreenshotAsync(page, "workspace-desktop-20-sessions");

        // Opening another session builds its log once, then it is kept.
        var other = visitors[^1].SessionId;
        var switchMs = await page.EvaluateAsync<double>("""
            async (id) => {
              const t0 = performance.now();
              document.querySelector(`[data-kefu=session][data-session-id="${id}"]`).click();
              await new Promise(r => requestAnimationFrame(() => setTimeout(r)));
              return performance.now() - t0;
            }
            """, other);
        await Assertions.Expect(LogMessages(page)).ToHaveCountAsync(MessagesPerSession);
        // The switch also loads the visitor's profile: wait for it, so that it is not counted as a change made by the messages below.
        await Assertions.Expect(page.Locator("[data-kefu=visitor-profile] .phead")).ToBeVisibleAsync();

        // A message to a session in the background, then one to the open session: what changes in the DOM.
        var active = (await page.Locator("[data-kefu=session][aria-current=true]").GetAttributeAsync("data-session-id"))!;
        Assert.Equal(other, active);
        var background = visitors[3];
        var foreground = visitors[^1];
        var observe = """
            () => {
              window.__mutations = [];
              window.__mutatedAt = [];
              const root = document.getElementById('kefu-workspace');
              new MutationObserver(records => {
                window.__mutatedAt.push(performance.now());
                for (const r of records) {
                  const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
                  const row = el.closest('[data-kefu=session]');
                  const owner = el.closest('.log') ? 'log:' + document.querySelector('[data-kefu=session][aria-current=true]').dataset.sessionId
                    : row ? 'row:' + row.dataset.sessionId
                    : el.closest('ul.sessions') ? 'list:' + [...r.addedNodes, ...r.removedNodes].map(n => n.dataset?.id).join(',')
                    : el.closest('.section') ? 'count' : 'other:' + el.className;
                  window.__mutations.push(owner);
                }
              }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
            }
            """;
        await page.EvaluateAsync(observe);
        var pushesBefore = await page.EvaluateAsync<int>("() => window.__pushAt.length");
        await background.Client.Connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(background.SessionId, Guid.NewGuid().ToString(), "txt", "One more question about the background order"), Ct);
        await Assertions.Expect(Session(page, background.SessionId)).ToContainTextAsync("One more question about the background order");
        var backgroundOwners = await page.EvaluateAsync<string[]>("() => [...new Set(window.__mutations)]");
        var backgroundMs = await page.EvaluateAsync<double>("n => window.__mutatedAt[0] - window.__pushAt[n]", pushesBefore);
        Assert.All(backgroundOwners, o => Assert.True(o == $"row:{background.SessionId}" || o == $"list:{background.SessionId}", $"a background message changed {o}; all: {string.Join(", ", backgroundOwners)}"));

        await page.EvaluateAsync("() => { window.__mutations = []; window.__mutatedAt = []; }");
        pushesBefore = await page.EvaluateAsync<int>("() => window.__pushAt.length");
        await foreground.Client.Connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(foreground.SessionId, Guid.NewGuid().ToString(), "txt", "And one in the open conversation"), Ct);
        await Assertions.Expect(LogMessages(page).Last).ToContainTextAsync("And one in the open conversation");
        await Assertions.Expect(LogMessages(page)).ToHaveCountAsync(MessagesPerSession + 1);
        var foregroundOwners = await page.EvaluateAsync<string[]>("() => [...new Set(window.__mutations)]");
        var foregroundMs = await page.EvaluateAsync<double>("n => window.__mutatedAt[0] - window.__pushAt[n]", pushesBefore);
        Assert.All(foregroundOwners, o => Assert.True(o == $"row:{foreground.SessionId}" || o == $"log:{foreground.SessionId}" || o == $"list:{foreground.SessionId}", $"a message to the open session changed {o}; all: {string.Join(", ", foregroundOwners)}"));
        // The log got one element more; none of the 200 before was replaced.
        var added = await page.EvaluateAsync<int>("() => document.querySelectorAll('.chat .log [data-kefu=message]').length");
        Assert.Equal(MessagesPerSession + 1, added);

        samples.Sort();
        var median = samples[Loads / 2];
        var script = new FileInfo(Path.Combine(RepositoryRoot(), "Hub.Server", "wwwroot", "workspace.js")).Length;
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"workspace: {Sessions} sessions x {MessagesPerSession} messages; navigation start to first screen ready (ms, {Loads} loads, Chromium headless): median {median.Ready:F0}, min {samples[0].Ready:F0}, max {samples[^1].Ready:F0}; " +
            $"the median load (ms from navigation start): {median.Steps}; " +
            $"opening another session (200-message log built and laid out): {switchMs:F0} ms; push frame to DOM change: background session {backgroundMs:F1} ms, open session {foregroundMs:F1} ms; workspace.js {script} bytes");
        TestContext.Current.SendDiagnosticMessage(line);
        await File.WriteAllTextAsync(Path.Combine(ScreenshotDirectory, "workspace-performance.txt"), line + Environment.NewLine, Ct);
        AssertNoPageErrors();
    }
}
