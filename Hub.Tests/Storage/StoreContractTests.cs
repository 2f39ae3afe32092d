using KefuHub.Routing;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;

namespace KefuHub.Tests.Storage;

/// <summary>
/// The storage ports' contract, written once and run against every database (SQLite, PostgreSQL).
/// A test class shares one database between its tests, so every test works in tenants of its own.
/// </summary>
public abstract class StoreContractTests
{
    private static int s_lastTenantId = 1000;

    // Millisecond precision and offset zero: what the store gives back.
    private static readonly DateTimeOffset T0 = new(2026, 3, 14, 9, 26, 53, 589, TimeSpan.Zero);

    private static readonly string[] HostileValues =
    [
        "x' OR '1'='1",
        "'; DROP TABLE agents; --",
        "Robert'); DROP TABLE sessions;--",
        "\" OR \"\"=\"",
        "50% _off_ \\ $1 @tenantId :name ?",
    ];

    private protected abstract SqlKefuStore Store { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrate_RunAgain_IsNoOpAndKeepsData()
    {
        var tenantId = await NewTenantAsync();

        await Store.MigrateAsync(Ct);
        await Store.MigrateAsync(Ct);

        Assert.NotNull(await Store.GetTenantAsync(tenantId, Ct));
        Assert.True(await Store.PingAsync(Ct));
    }

    [Fact]
    public async Task CreateTenant_RoundTripsAndRejectsDuplicateIdOrClientId()
    {
        var tenant = Tenant(NextTenantId());

        Assert.True(await Store.CreateTenantAsync(tenant, Ct));

        Assert.Equal(tenant, await Store.GetTenantAsync(tenant.TenantId, Ct));
        Assert.Equal(tenant, await Store.FindTenantByClientIdAsync(tenant.ClientId, Ct));
        Assert.Contains(tenant, await Store.ListTenantsAsync(Ct));
        Assert.False(await Store.CreateTenantAsync(tenant with { ClientId = "other-" + tenant.ClientId }, Ct));
        Assert.False(await Store.CreateTenantAsync(Tenant(NextTenantId()) with { ClientId = tenant.ClientId }, Ct));
        Assert.Null(await Store.GetTenantAsync(NextTenantId(), Ct));
        Assert.Null(await Store.FindTenantByClientIdAsync("no-such-client", Ct));
    }

    [Fact]
    public async Task Settings_DefaultUntilSaved_ThenRoundTrip()
    {
        var tenantId = await NewTenantAsync();
        Assert.Same(TenantSettings.Default, await Store.GetSettingsAsync(tenantId, Ct));

        var settings = new TenantSettings
        {
            WelcomeMessage = "你好, welcome",
            OffDutyReminderEnabled = false,
            OffDutyReminderText = null,
            AgentOfflineGraceSeconds = 10,
            VisitorWaitGraceSeconds = 20,
            SpecifiedAgentTimeoutSeconds = 30,
            RatingOnClose = true,
            DefaultQueueId = 7,
            AllowedOrigins = ["https://shop.example", "https://m.shop.example"],
        };
        await Store.SaveSettingsAsync(tenantId, settings, Ct);

        Assert.Equivalent(settings, await Store.GetSettingsAsync(tenantId, Ct), strict: true);
        await Store.SaveSettingsAsync(tenantId, TenantSettings.Default, Ct);
        Assert.Equivalent(TenantSettings.Default, await Store.GetSettingsAsync(tenantId, Ct), strict: true);
    }

    [Fact]
    public async Task TimePlan_NullUntilSaved_ThenRoundTrip_AndClearedByNull()
    {
        var tenantId = await NewTenantAsync();
        Assert.Null(await Store.GetTimePlanAsync(tenantId, Ct));

        var plan = new TimePlanDocument
        {
            TimeZone = "Asia/Shanghai",
            Worktimes = [new WorktimeDocument(1, "09:00", "12:00"), new WorktimeDocument(1, "22:00", "02:00")],
            Holidays = [new HolidayDocument("2026-10-01", "National Day"), new HolidayDocument("2026-10-02", null)],
        };
        await Store.SaveTimePlanAsync(tenantId, plan, Ct);

        Assert.Equivalent(plan, await Store.GetTimePlanAsync(tenantId, Ct), strict: true);
        await Store.SaveTimePlanAsync(tenantId, null, Ct);
        Assert.Null(await Store.GetTimePlanAsync(tenantId, Ct));
    }

    [Fact]
    public async Task Agent_RoundTripsThroughEveryRead()
    {
        var tenantId = await NewTenantAsync();
        var agent = Agent(tenantId, "a1", "alice@example.com") with { TrueName = "Alice Liu", MobilePhone = "+86 138", AgentNumber = "007", Roles = "admin,agent" };
        var other = Agent(tenantId, "a2", "bob@example.com") with { CreatedAt = T0.AddMinutes(1), Enabled = false };

        Assert.True(await Store.CreateAgentAsync(agent, Ct));
        Assert.True(await Store.CreateAgentAsync(other, Ct));

        Assert.Equal(agent, await Store.GetAgentAsync(tenantId, "a1", Ct));
        Assert.Equal(agent, await Store.FindAgentByUsernameAsync(tenantId, "alice@example.com", Ct));
        Assert.Equal([agent, other], await Store.ListAgentsAsync(tenantId, Ct));
        Assert.Null(await Store.GetAgentAsync(tenantId, "a3", Ct));
        Assert.Null(await Store.FindAgentByUsernameAsync(tenantId, "carol@example.com", Ct));
    }

    [Fact]
    public async Task Agent_UsernameIsUniqueIgnoringCase_PerTenant()
    {
        var tenantId = await NewTenantAsync();
        var otherTenantId = await NewTenantAsync();
        Assert.True(await Store.CreateAgentAsync(Agent(tenantId, "a1", "Alice@Example.com"), Ct));

        Assert.False(await Store.CreateAgentAsync(Agent(tenantId, "a2", "alice@example.COM"), Ct));
        Assert.False(await Store.CreateAgentAsync(Agent(tenantId, "a1", "someone.else@example.com"), Ct));
        Assert.True(await Store.CreateAgentAsync(Agent(otherTenantId, "a1", "ALICE@EXAMPLE.COM"), Ct));

        var found = await Store.FindAgentByUsernameAsync(tenantId, "aLiCe@eXaMpLe.CoM", Ct);
        Assert.Equal("Alice@Example.com", found?.Username);
        Assert.Single(await Store.ListAgentsAsync(tenantId, Ct));
    }

    [Fact]
    public async Task UpdateAgent_ReplacesEveryField_FalseWhenMissingOrUsernameTaken()
    {
        var tenantId = await NewTenantAsync();
        await Store.CreateAgentAsync(Agent(tenantId, "a1", "alice@example.com"), Ct);
        await Store.CreateAgentAsync(Agent(tenantId, "a2", "bob@example.com"), Ct);
        var changed = new AgentRecord
        {
            TenantId = tenantId,
            UserId = "a1",
            Username = "alice.liu@example.com",
            PasswordHash = "new-hash",
            Nicename = "Ally",
            TrueName = "Alice Liu",
            MobilePhone = "123",
            AgentNumber = "9",
            Roles = "agent",
            MaxServiceSessionCount = 9,
            Enabled = false,
            CreatedAt = T0.AddDays(-1),
            UpdatedAt = T0.AddHours(5),
        };

        Assert.True(await Store.UpdateAgentAsync(changed, Ct));

        Assert.Equal(changed, await Store.GetAgentAsync(tenantId, "a1", Ct));
        Assert.Equal(changed, await Store.FindAgentByUsernameAsync(tenantId, "ALICE.LIU@example.com", Ct));
        Assert.Null(await Store.FindAgentByUsernameAsync(tenantId, "alice@example.com", Ct));
        Assert.False(await Store.UpdateAgentAsync(changed with { UserId = "a9" }, Ct));
        Assert.False(await Store.UpdateAgentAsync(changed with { Username = "BOB@example.com" }, Ct));
        Assert.Equal(changed, await Store.GetAgentAsync(tenantId, "a1", Ct));
    }

    [Fact]
    public async Task DeleteAgent_RemovesItAndItsQueueMemberships()
    {
        var tenantId = await NewTenantAsync();
        await Store.CreateAgentAsync(Agent(tenantId, "a1", "alice@example.com"), Ct);
        await Store.CreateAgentAsync(Agent(tenantId, "a2", "bob@example.com"), Ct);
        var queue = await Store.CreateQueueAsync(tenantId, "Sales", ["a1", "a2"], Ct);

        Assert.True(await Store.DeleteAgentAsync(tenantId, "a1", Ct));

        Assert.Null(await Store.GetAgentAsync(tenantId, "a1", Ct));
        Assert.False(await Store.DeleteAgentAsync(tenantId, "a1", Ct));
        Assert.Equal(["a2"], (await Store.GetQueueAsync(tenantId, queue.QueueId, Ct))!.AgentUserIds);
    }

    [Fact]
    public async Task Queue_CreateUpdateDelete_KeepsMembersInOrder_AndNeverReusesIds()
    {
        var tenantId = await NewTenantAsync();
        foreach (var id in new[] { "a1", "a2", "a3" })
        {
            await Store.CreateAgentAsync(Agent(tenantId, id, id + "@example.com"), Ct);
        }

        var sales = await Store.CreateQueueAsync(tenantId, "Sales", ["a2", "a1"], Ct);
        var support = await Store.CreateQueueAsync(tenantId, "Support", [], Ct);

        Assert.Equal((1, 2), (sales.QueueId, support.QueueId));
        Assert.Equivalent(sales, await Store.GetQueueAsync(tenantId, 1, Ct), strict: true);
        Assert.Equivalent(new[] { sales, support }, await Store.ListQueuesAsync(tenantId, Ct), strict: true);

        var renamed = sales with { QueueName = "Pre-sales", AgentUserIds = ["a3", "a1"] };
        Assert.True(await Store.UpdateQueueAsync(renamed, Ct));
        Assert.Equivalent(renamed, await Store.GetQueueAsync(tenantId, 1, Ct), strict: true);
        Assert.False(await Store.UpdateQueueAsync(renamed with { QueueId = 99 }, Ct));

        Assert.True(await Store.DeleteQueueAsync(tenantId, 2, Ct));
        Assert.False(await Store.DeleteQueueAsync(tenantId, 2, Ct));
        Assert.Null(await Store.GetQueueAsync(tenantId, 2, Ct));
        Assert.Equal(3, (await Store.CreateQueueAsync(tenantId, "After", ["a1"], Ct)).QueueId);
        Assert.Equal([1, 3], (await Store.ListQueuesAsync(tenantId, Ct)).Select(q => q.QueueId));
    }

    [Fact]
    public async Task Visitor_RoundTrips()
    {
        var tenantId = await NewTenantAsync();
        var visitor = new VisitorRecord { TenantId = tenantId, VisitorId = "v1", Nickname = "访客", CreatedAt = T0 };
        var anonymous = new VisitorRecord { TenantId = tenantId, VisitorId = "v2", CreatedAt = T0 };

        await Store.CreateVisitorAsync(visitor, Ct);
        await Store.CreateVisitorAsync(anonymous, Ct);

        AssertSameVisitor(visitor, await Store.GetVisitorAsync(tenantId, "v1", Ct));
        AssertSameVisitor(anonymous, await Store.GetVisitorAsync(tenantId, "v2", Ct));
        Assert.Null(await Store.GetVisitorAsync(tenantId, "v3", Ct));
    }

    [Fact]
    public async Task VisitorNicknames_ManyInOneRead_OnlyTheTenantsOwnThatExist()
    {
        var tenantId = await NewTenantAsync();
        var other = await NewTenantAsync();
        var ids = Enumerable.Range(0, 250).Select(i => "n" + i).ToList(); // More than one statement's worth.
        foreach (var id in ids)
        {
            await Store.CreateVisitorAsync(new VisitorRecord { TenantId = tenantId, VisitorId = id, Nickname = id == "n7" ? null : "访客 " + id, CreatedAt = T0 }, Ct);
        }

        await Store.CreateVisitorAsync(new VisitorRecord { TenantId = other, VisitorId = "x1", Nickname = "other tenant's", CreatedAt = T0 }, Ct);

        var found = await Store.GetVisitorNicknamesAsync(tenantId, [.. ids, "n3", "missing", "x1"], Ct);

        Assert.Equal(ids.Order(StringComparer.Ordinal), found.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("访客 n249", found["n249"]);
        Assert.Null(found["n7"]);
        Assert.Empty(await Store.GetVisitorNicknamesAsync(tenantId, [], Ct));
    }

    [Fact]
    public async Task VisitorProfile_RoundTrips_UpdatesAndTags_WithHostileText()
    {
        var tenantId = await NewTenantAsync();
        var hostile = HostileValues[1];
        var visitor = new VisitorRecord
        {
            TenantId = tenantId,
            VisitorId = "p1",
            Nickname = hostile,
            TrueName = "张三",
            Phone = "+86 138 0000 0000",
            Email = "zhang@example.com",
            Company = HostileValues[4],
            Description = "VIP",
            CustomFields = new Dictionary<string, string> { ["plan"] = "gold", [hostile] = "'; --" },
            SourcePage = "https://shop.example/cart",
            Referrer = "https://search.example/?q=x",
            UserAgent = "Mozilla/5.0",
            CreatedAt = T0,
            LastSeenAt = T0,
        };
        await Store.CreateVisitorAsync(visitor, Ct);
        AssertSameVisitor(visitor, await Store.GetVisitorAsync(tenantId, "p1", Ct));

        var changed = visitor with { Nickname = "New", Phone = null, CustomFields = new Dictionary<string, string> { ["only"] = "one" } };
        Assert.True(await Store.UpdateVisitorProfileAsync(changed, Ct));
        Assert.True(await Store.SetVisitorTagsAsync(tenantId, "p1", [3, 1], Ct));
        await Store.TouchVisitorsAsync([new(tenantId, "p1", T0.AddMinutes(5)), new(tenantId, "nobody", T0), new(tenantId + 100_000, "p1", T0)], Ct);
        AssertSameVisitor(changed with { TagIds = [3, 1], LastSeenAt = T0.AddMinutes(5) }, await Store.GetVisitorAsync(tenantId, "p1", Ct));

        Assert.False(await Store.UpdateVisitorProfileAsync(changed with { TenantId = tenantId + 100_000 }, Ct));
        Assert.False(await Store.SetVisitorTagsAsync(tenantId, "nobody", [1], Ct));
    }

    [Fact]
    public async Task FindOrCreateVisitorByUserId_GivesOneVisitorPerUserAndTenant_EvenAtOnce()
    {
        var tenantId = await NewTenantAsync();
        var otherTenantId = await NewTenantAsync();
        VisitorRecord Candidate(int tenant) => new() { TenantId = tenant, VisitorId = Guid.NewGuid().ToString(), UserId = "customer-42", CreatedAt = T0 };

        var found = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Store.FindOrCreateVisitorByUserIdAsync(Candidate(tenantId), Ct).AsTask()));
        var other = await Store.FindOrCreateVisitorByUserIdAsync(Candidate(otherTenantId), Ct);

        Assert.Single(found.Select(v => v.VisitorId).Distinct());
        Assert.Equal("customer-42", found[0].UserId);
        Assert.NotEqual(found[0].VisitorId, other.VisitorId);
        Assert.Equal(found[0].VisitorId, (await Store.FindOrCreateVisitorByUserIdAsync(Candidate(tenantId), Ct)).VisitorId);
        // Anonymous visitors (no user id) never collide.
        await Store.CreateVisitorAsync(new VisitorRecord { TenantId = tenantId, VisitorId = "anon-1", CreatedAt = T0 }, Ct);
        await Store.CreateVisitorAsync(new VisitorRecord { TenantId = tenantId, VisitorId = "anon-2", CreatedAt = T0 }, Ct);
    }

    [Fact]
    public async Task CreateNextTenant_TakesTheNextId_WithItsAdmin_AndDisabledTenantsTokensAreNotFound()
    {
        var before = await NewTenantAsync();
        var admin = new AgentRecord
        {
            TenantId = 0,
            UserId = Guid.NewGuid().ToString(),
            Username = "boss@next",
            PasswordHash = "hash",
            Nicename = "Boss",
            Roles = "admin,agent",
            MaxServiceSessionCount = 5,
            Enabled = true,
            CreatedAt = T0,
            UpdatedAt = T0,
        };

        var tenantId = await Store.CreateNextTenantAsync(Tenant(0) with { Name = "Next" }, admin, Ct);

        Assert.True(tenantId > before);
        // Tenant ids this class hands out next must stay clear of the one the store chose.
        for (var last = s_lastTenantId; last < tenantId; last = s_lastTenantId)
        {
            Interlocked.CompareExchange(ref s_lastTenantId, tenantId, last);
        }

        Assert.Equal("Next", (await Store.GetTenantAsync(tenantId, Ct))!.Name);
        Assert.Equal("boss@next", Assert.Single(await Store.ListAgentsAsync(tenantId, Ct)).Username);
        var token = new AccessTokenRecord($"next-{tenantId}", tenantId, TokenKind.Api, "c", null);
        await Store.SaveTokenAsync(token, Ct);
        Assert.NotNull(await Store.FindTokenAsync(token.TokenHash, Ct));

        Assert.True(await Store.SetTenantEnabledAsync(tenantId, false, Ct));
        Assert.False((await Store.GetTenantAsync(tenantId, Ct))!.Enabled);
        Assert.Null(await Store.FindTokenAsync(token.TokenHash, Ct));
        Assert.True(await Store.SetTenantEnabledAsync(tenantId, true, Ct));
        Assert.NotNull(await Store.FindTokenAsync(token.TokenHash, Ct));
        Assert.False(await Store.SetTenantEnabledAsync(int.MaxValue, false, Ct));
    }

    [Fact]
    public async Task Tokens_RoundTrip_DeleteBySubject_AndDeleteExpired()
    {
        var tenantId = await NewTenantAsync();
        var prefix = $"t{tenantId}-";
        var visitor = new AccessTokenRecord(prefix + "visitor", tenantId, TokenKind.Visitor, "v1", null);
        var agent1 = new AccessTokenRecord(prefix + "agent1", tenantId, TokenKind.Agent, "a1", T0.AddHours(2));
        var agent2 = new AccessTokenRecord(prefix + "agent2", tenantId, TokenKind.Agent, "a1", T0.AddHours(3));
        var api = new AccessTokenRecord(prefix + "api", tenantId, TokenKind.Api, "a1", T0.AddSeconds(-1));
        foreach (var token in new[] { visitor, agent1, agent2, api })
        {
            await Store.SaveTokenAsync(token, Ct);
        }

        Assert.Equal(agent1, await Store.FindTokenAsync(agent1.TokenHash, Ct));
        Assert.Equal(visitor, await Store.FindTokenAsync(visitor.TokenHash, Ct));
        Assert.Null(await Store.FindTokenAsync(prefix + "none", Ct));

        // Only expired tokens go (and tokens that never expire stay); other test classes' tokens expire later than T0.
        Assert.True(await Store.DeleteExpiredTokensAsync(T0, Ct) >= 1);
        Assert.Null(await Store.FindTokenAsync(api.TokenHash, Ct));
        Assert.Equal(agent1, await Store.FindTokenAsync(agent1.TokenHash, Ct));

        Assert.Equal(0, await Store.DeleteTokensAsync(tenantId, TokenKind.Visitor, "a1", Ct));
        Assert.Equal(2, await Store.DeleteTokensAsync(tenantId, TokenKind.Agent, "a1", Ct));
        Assert.Null(await Store.FindTokenAsync(agent1.TokenHash, Ct));
        Assert.Null(await Store.FindTokenAsync(agent2.TokenHash, Ct));
        Assert.Equal(visitor, await Store.FindTokenAsync(visitor.TokenHash, Ct));
    }

    [Fact]
    public async Task LeaveMessages_NewestFirst_FilteredByStatus_Paged_AndStatusSet()
    {
        var tenantId = await NewTenantAsync();
        var created = new List<LeaveMessageRecord>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await Store.CreateLeaveMessageAsync(
                new LeaveMessageRecord
                {
                    TenantId = tenantId,
                    VisitorId = i == 0 ? null : "v" + i,
                    Name = "Name " + i,
                    Phone = i == 1 ? null : "555-" + i,
                    Email = "e" + i + "@example.com",
                    Content = "Please call me back " + i,
                    QueueId = i == 2 ? 3 : null,
                    CreatedAt = T0.AddMinutes(i),
                    UpdatedAt = T0.AddMinutes(i),
                },
                Ct));
        }

        Assert.Equal(5, created.Select(m => m.LeaveMessageId).Distinct().Count());
        var newestFirst = created.AsEnumerable().Reverse().ToList();
        var all = new LeaveMessageFilter();
        Assert.Equal(newestFirst, await Store.ListLeaveMessagesAsync(tenantId, all, 0, 10, Ct));
        Assert.Equal(newestFirst[2..4], await Store.ListLeaveMessagesAsync(tenantId, all, 2, 2, Ct));
        Assert.Equal(created[3], await Store.GetLeaveMessageAsync(tenantId, created[3].LeaveMessageId, Ct));
        Assert.Null(await Store.GetLeaveMessageAsync(tenantId + 1, created[3].LeaveMessageId, Ct));

        Assert.True(await Store.UpdateLeaveMessageAsync(tenantId, created[1].LeaveMessageId, LeaveMessageStatus.Resolved, null, null, T0.AddDays(1), Ct));
        Assert.False(await Store.UpdateLeaveMessageAsync(tenantId, long.MaxValue, LeaveMessageStatus.Resolved, null, null, T0, Ct));
        Assert.False(await Store.UpdateLeaveMessageAsync(tenantId + 1, created[1].LeaveMessageId, LeaveMessageStatus.Untreated, null, null, T0, Ct));

        var resolved = Assert.Single(await Store.ListLeaveMessagesAsync(tenantId, new LeaveMessageFilter(LeaveMessageStatus.Resolved), 0, 10, Ct));
        Assert.Equal(created[1] with { Status = LeaveMessageStatus.Resolved, UpdatedAt = T0.AddDays(1) }, resolved);
        Assert.Equal(4, (await Store.ListLeaveMessagesAsync(tenantId, new LeaveMessageFilter(LeaveMessageStatus.Untreated), 0, 10, Ct)).Count);
        Assert.Empty(await Store.ListLeaveMessagesAsync(tenantId, new LeaveMessageFilter(LeaveMessageStatus.Processing), 0, 10, Ct));
    }

    [Fact]
    public async Task LeaveMessages_AssignedOnlyFromTheAssigneeRead_FilteredByAssignee_AndUnassignedWhenTheAgentGoes()
    {
        var tenantId = await NewTenantAsync();
        Assert.True(await Store.CreateAgentAsync(Agent(tenantId, "u-alice", "alice@test"), Ct));
        Assert.True(await Store.CreateAgentAsync(Agent(tenantId, "u-bob", "bob@test"), Ct));
        var first = await Store.CreateLeaveMessageAsync(new LeaveMessageRecord { TenantId = tenantId, Content = "one", CreatedAt = T0, UpdatedAt = T0 }, Ct);
        var second = await Store.CreateLeaveMessageAsync(new LeaveMessageRecord { TenantId = tenantId, Content = "two", CreatedAt = T0.AddMinutes(1), UpdatedAt = T0.AddMinutes(1) }, Ct);

        Assert.True(await Store.UpdateLeaveMessageAsync(tenantId, first.LeaveMessageId, LeaveMessageStatus.Processing, "u-alice", null, T0.AddHours(1), Ct));
        // Bob read it unassigned too: his claim, made on that read, no longer holds.
        Assert.False(await Store.UpdateLeaveMessageAsync(tenantId, first.LeaveMessageId, LeaveMessageStatus.Processing, "u-bob", null, T0.AddHours(2), Ct));

        var read = await Store.GetLeaveMessageAsync(tenantId, first.LeaveMessageId, Ct);
        Assert.Equal(("u-alice", "alice@test", LeaveMessageStatus.Processing), (read!.AssigneeUserId, read.AssigneeUsername, read.Status));
        Assert.Equal([first.LeaveMessageId], (await Store.ListLeaveMessagesAsync(tenantId, new LeaveMessageFilter(AssigneeUserId: "u-alice"), 0, 10, Ct)).Select(m => m.LeaveMessageId));
        Assert.Empty(await Store.ListLeaveMessagesAsync(tenantId, new LeaveMessageFilter(AssigneeUserId: "u-bob"), 0, 10, Ct));
        Assert.Equal([second.LeaveMessageId], (await Store.ListLeaveMessagesAsync(tenantId, new LeaveMessageFilter(Unassigned: true), 0, 10, Ct)).Select(m => m.LeaveMessageId));

        Assert.True(await Store.DeleteAgentAsync(tenantId, "u-alice", Ct));
        var orphan = await Store.GetLeaveMessageAsync(tenantId, first.LeaveMessageId, Ct);
        Assert.Equal((null, null), (orphan!.AssigneeUserId, orphan.AssigneeUsername));
        Assert.Equal(2, (await Store.ListLeaveMessagesAsync(tenantId, new LeaveMessageFilter(Unassigned: true), 0, 10, Ct)).Count);
    }

    [Fact]
    public async Task LeaveMessageComments_OldestFirst_PerLeaveMessage_Bounded_AndTouchTheLeaveMessage()
    {
        var tenantId = await NewTenantAsync();
        var left = await Store.CreateLeaveMessageAsync(new LeaveMessageRecord { TenantId = tenantId, Content = "call me", CreatedAt = T0, UpdatedAt = T0 }, Ct);
        var other = await Store.CreateLeaveMessageAsync(new LeaveMessageRecord { TenantId = tenantId, Content = "other", CreatedAt = T0, UpdatedAt = T0 }, Ct);

        var c1 = await Store.AddLeaveMessageCommentAsync(tenantId, left.LeaveMessageId, "alice@test", HostileValues[0], T0.AddMinutes(1), 2, Ct);
        var c2 = await Store.AddLeaveMessageCommentAsync(tenantId, left.LeaveMessageId, "bob@test", "called, no answer 📞", T0.AddMinutes(2), 2, Ct);
        Assert.Null(await Store.AddLeaveMessageCommentAsync(tenantId, left.LeaveMessageId, "bob@test", "third", T0.AddMinutes(3), 2, Ct));
        Assert.Null(await Store.AddLeaveMessageCommentAsync(tenantId + 1, other.LeaveMessageId, "mallory", "not yours", T0, 2, Ct));
        Assert.Null(await Store.AddLeaveMessageCommentAsync(tenantId, long.MaxValue, "alice@test", "none", T0, 2, Ct));

        Assert.Equal([c1!, c2!], await Store.ListLeaveMessageCommentsAsync(tenantId, left.LeaveMessageId, Ct));
        Assert.Equal(new LeaveMessageCommentRecord(c1!.Id, tenantId, left.LeaveMessageId, "alice@test", HostileValues[0], T0.AddMinutes(1)), c1);
        Assert.Empty(await Store.ListLeaveMessageCommentsAsync(tenantId, other.LeaveMessageId, Ct));
        Assert.Empty(await Store.ListLeaveMessageCommentsAsync(tenantId + 1, left.LeaveMessageId, Ct));
        Assert.Equal(T0.AddMinutes(2), (await Store.GetLeaveMessageAsync(tenantId, left.LeaveMessageId, Ct))!.UpdatedAt);
    }

    [Fact]
    public async Task Sessions_RememberEveryAgentWhoServed_AndARatingInvitationOnceMade()
    {
        var tenantId = await NewTenantAsync();
        Assert.True(await Store.CreateAgentAsync(Agent(tenantId, "u-alice", "alice@test"), Ct));
        Assert.True(await Store.CreateAgentAsync(Agent(tenantId, "u-bob", "bob@test"), Ct));
        var served = Session(tenantId, "s1", "v1", SessionState.Processing);
        await Store.UpsertSessionAsync(served with { AgentUserId = "u-alice", StartedAt = T0.AddMinutes(1) }, Ct);
        await Store.UpsertSessionAsync(served with { AgentUserId = "u-bob", StartedAt = T0.AddMinutes(5), Transferred = true }, Ct);
        await Store.UpsertSessionAsync(served with { AgentUserId = "u-alice", StartedAt = T0.AddMinutes(9) }, Ct);
        await Store.UpsertSessionAsync(served with { State = SessionState.Terminal, StoppedAt = T0.AddMinutes(10) }, Ct);
        await Store.UpsertSessionAsync(Session(tenantId, "s2", "v2", SessionState.Wait), Ct);

        var page = await Store.QueryHistoryAsync(new SessionHistoryQuery { TenantId = tenantId, SortField = SessionHistorySortField.CreateDatetime }, Ct);
        var rows = page.Items.ToDictionary(r => r.Session.ServiceSessionId);
        Assert.Equal([new SessionAgentName("u-alice", "alice@test", "Nick u-alice", null), new SessionAgentName("u-bob", "bob@test", "Nick u-bob", null)], rows["s1"].Agents);
        Assert.Empty(rows["s2"].Agents);
        Assert.Equal(["s1"], (await Store.QueryHistoryAsync(new SessionHistoryQuery { TenantId = tenantId, ServedByAgentUserId = "u-bob" }, Ct)).Items.Select(r => r.Session.ServiceSessionId));
        Assert.Empty((await Store.QueryHistoryAsync(new SessionHistoryQuery { TenantId = tenantId, ServedByAgentUserId = "u-carol" }, Ct)).Items);

        Assert.False((await Store.GetSessionAsync(tenantId, "s1", Ct))!.RatingInvited);
        await Store.SetRatingInvitedAsync(tenantId, "s1", Ct);
        await Store.UpsertSessionAsync(served with { State = SessionState.Terminal, StoppedAt = T0.AddMinutes(11) }, Ct);
        Assert.True((await Store.GetSessionAsync(tenantId, "s1", Ct))!.RatingInvited);
        await Store.SetRatingInvitedAsync(tenantId + 1, "s2", Ct);
        Assert.False((await Store.GetSessionAsync(tenantId, "s2", Ct))!.RatingInvited);
    }

    [Fact]
    public async Task History_FiltersOnRatingTagsAndSummaries_AsWritten_IgnoringCase_AndLiterally()
    {
        var tenantId = await NewTenantAsync();
        foreach (var id in new[] { "s1", "s2", "s3" })
        {
            await Store.UpsertSessionAsync(Session(tenantId, id, "v-" + id, SessionState.Terminal) with { AgentUserId = "a1" }, Ct);
        }

        await Store.SetRatingAsync(tenantId, "s1", 5, null, ["Fast", "态度好", "say \"hi\""], Ct);
        await Store.SetRatingAsync(tenantId, "s2", 1, null, [HostileValues[4]], Ct);
        await Store.SetSummaryAsync(tenantId, "s1", [12, 3], null, Ct);
        await Store.SetSummaryAsync(tenantId, "s3", [1], null, Ct);

        async Task<List<string>> Ids(SessionHistoryQuery query) =>
            (await Store.QueryHistoryAsync(query with { TenantId = tenantId, Descending = false }, Ct)).Items.Select(r => r.Session.ServiceSessionId).Order().ToList();
        var all = new SessionHistoryQuery { TenantId = tenantId };
        Assert.Equal(["s1"], await Ids(all with { EnquiryTags = ["fast"] }));
        Assert.Equal(["s1"], await Ids(all with { EnquiryTags = ["态度好"] }));
        Assert.Equal(["s1"], await Ids(all with { EnquiryTags = ["say \"hi\""] }));
        Assert.Equal(["s1", "s2"], await Ids(all with { EnquiryTags = ["fast", HostileValues[4]] }));
        Assert.Empty(await Ids(all with { EnquiryTags = ["%"] }));
        Assert.Empty(await Ids(all with { EnquiryTags = ["态度"] }));
        Assert.Equal(["s1"], await Ids(all with { SummaryIds = [3] }));
        Assert.Equal(["s1"], await Ids(all with { SummaryIds = [12] }));
        Assert.Equal(["s1", "s3"], await Ids(all with { SummaryIds = [1, 12] }));
        Assert.Empty(await Ids(all with { SummaryIds = [2] }));
        Assert.Equal(3, (await Ids(all with { TechChannelIds = [TechChannel.Id], TechChannelTypes = ["KEFUHUB"] })).Count);
        Assert.Empty(await Ids(all with { TechChannelTypes = ["easemob"] }));
    }

    [Fact]
    public async Task Roles_GetIdsAfterTheSystemRoles_NamesUniqueIgnoringCase_BoundedPerTenant_AndStayWhileHeld()
    {
        var tenantId = await NewTenantAsync();
        var otherTenantId = await NewTenantAsync();
        var (result, lead) = await Store.CreateRoleAsync(tenantId, "Lead", "leads", Permission.History | Permission.Monitoring, T0, 3, 2, Ct);
        Assert.Equal(RoleChange.Done, result);
        Assert.Equal(new RoleRecord(tenantId, 3, "Lead", "leads", Permission.History | Permission.Monitoring, T0, T0), lead);
        Assert.Equal(RoleChange.NameTaken, (await Store.CreateRoleAsync(tenantId, "LEAD", null, Permission.None, T0, 3, 2, Ct)).Result);
        var (_, inbox) = await Store.CreateRoleAsync(tenantId, HostileValues[1], null, Permission.LeaveMessages, T0, 3, 2, Ct);
        Assert.Equal(4, inbox!.RoleId);
        Assert.Equal(RoleChange.LimitReached, (await Store.CreateRoleAsync(tenantId, "Third", null, Permission.None, T0, 3, 2, Ct)).Result);
        Assert.Equal(3, (await Store.CreateRoleAsync(otherTenantId, "Lead", null, Permission.Admin, T0, 3, 2, Ct)).Role!.RoleId);

        Assert.Equal([lead!, inbox], await Store.ListRolesAsync(tenantId, Ct));
        Assert.Equal(Permission.Admin, (await Store.GetRoleAsync(otherTenantId, 3, Ct))!.Permissions);
        Assert.Equal(RoleChange.NameTaken, await Store.UpdateRoleAsync(inbox with { Name = "lead" }, Ct));
        Assert.Equal(RoleChange.Done, await Store.UpdateRoleAsync(lead! with { Permissions = Permission.All, Description = null, UpdatedAt = T0.AddHours(1) }, Ct));
        Assert.Equal(lead with { Permissions = Permission.All, Description = null, UpdatedAt = T0.AddHours(1) }, await Store.GetRoleAsync(tenantId, 3, Ct));
        Assert.Equal(RoleChange.NotFound, await Store.UpdateRoleAsync(lead with { RoleId = 9 }, Ct));

        Assert.True(await Store.CreateAgentAsync(Agent(tenantId, "u-lea", "lea@test") with { CustomRoleId = 3 }, Ct));
        Assert.Equal(RoleChange.InUse, await Store.DeleteRoleAsync(tenantId, 3, Ct));
        Assert.Equal(RoleChange.Done, await Store.DeleteRoleAsync(otherTenantId, 3, Ct));
        Assert.Equal(RoleChange.Done, await Store.DeleteRoleAsync(tenantId, 4, Ct));
        Assert.Equal(RoleChange.NotFound, await Store.DeleteRoleAsync(tenantId, 4, Ct));
        Assert.Equal(5, (await Store.CreateRoleAsync(tenantId, "After", null, Permission.None, T0, 3, 2, Ct)).Role!.RoleId);
        Assert.Equal(3, (await Store.GetAgentAsync(tenantId, "u-lea", Ct))!.CustomRoleId);
    }

    [Fact]
    public async Task QuickReplies_TenantWideAndTheOwnersOwn_Searchable_BoundedPerOwner_AndGoWithTheirAgent()
    {
        var tenantId = await NewTenantAsync();
        var otherTenantId = await NewTenantAsync();
        Assert.True(await Store.CreateAgentAsync(Agent(tenantId, "u-alice", "alice@test"), Ct));
        var hello = (await Store.CreateQuickReplyAsync(tenantId, null, "Greetings", "Hello, how can I help?", T0, 2, Ct))!;
        var refund = (await Store.CreateQuickReplyAsync(tenantId, null, "Billing", "退款三天到账 50% _off_", T0, 2, Ct))!;
        Assert.Null(await Store.CreateQuickReplyAsync(tenantId, null, "Billing", "over the limit", T0, 2, Ct));
        var mine = (await Store.CreateQuickReplyAsync(tenantId, "u-alice", "Mine", "See you, HELLO again", T0, 1, Ct))!;
        Assert.Null(await Store.CreateQuickReplyAsync(tenantId, "u-alice", "Mine", "over my limit", T0, 1, Ct));
        var bobs = (await Store.CreateQuickReplyAsync(tenantId, "u-bob", "Bob", "bob's own", T0, 1, Ct))!;
        var elsewhere = (await Store.CreateQuickReplyAsync(otherTenantId, null, "Greetings", "hello from another tenant", T0, 2, Ct))!;

        Assert.Equal(new QuickReplyRecord(tenantId, hello.Id, null, "Greetings", "Hello, how can I help?", T0), hello);
        Assert.Equal([refund, hello], await Store.ListQuickRepliesAsync(tenantId, null, null, Ct));
        Assert.Equal([refund, hello, mine], await Store.ListQuickRepliesAsync(tenantId, "u-alice", null, Ct));
        Assert.Equal([hello, mine], await Store.ListQuickRepliesAsync(tenantId, "u-alice", "hello", Ct));
        Assert.Equal([refund], await Store.ListQuickRepliesAsync(tenantId, "u-alice", "billing", Ct));
        Assert.Equal([refund], await Store.ListQuickRepliesAsync(tenantId, "u-alice", "50% _off_", Ct));
        Assert.Equal([refund], await Store.ListQuickRepliesAsync(tenantId, "u-alice", "%", Ct));
        Assert.Empty(await Store.ListQuickRepliesAsync(tenantId, "u-alice", HostileValues[1], Ct));
        Assert.Equal([elsewhere], await Store.ListQuickRepliesAsync(otherTenantId, "u-alice", null, Ct));

        Assert.True(await Store.UpdateQuickReplyAsync(hello with { Group = "Hi", Text = "Hi there" }, Ct));
        Assert.Equal(hello with { Group = "Hi", Text = "Hi there" }, await Store.GetQuickReplyAsync(tenantId, hello.Id, Ct));
        // Ids are per tenant: the other tenant has a reply 1 but no reply 2.
        Assert.False(await Store.UpdateQuickReplyAsync(refund with { TenantId = otherTenantId }, Ct));
        Assert.False(await Store.DeleteQuickReplyAsync(otherTenantId, refund.Id, Ct));
        Assert.Equal([elsewhere], await Store.ListQuickRepliesAsync(otherTenantId, null, null, Ct));
        Assert.True(await Store.DeleteQuickReplyAsync(tenantId, hello.Id, Ct));
        Assert.Null(await Store.GetQuickReplyAsync(tenantId, hello.Id, Ct));

        Assert.True(await Store.DeleteAgentAsync(tenantId, "u-alice", Ct));
        Assert.Null(await Store.GetQuickReplyAsync(tenantId, mine.Id, Ct));
        Assert.Equal(bobs, await Store.GetQuickReplyAsync(tenantId, bobs.Id, Ct));
    }

    [Fact]
    public async Task Summaries_GetIdsPerTenant_AndListInIdOrder()
    {
        var tenantId = await NewTenantAsync();
        var root = await Store.CreateSummaryAsync(tenantId, "Billing", 0xff0000, 0, Ct);
        var child = await Store.CreateSummaryAsync(tenantId, "Refund", 0x00ff00, root.Id, Ct);

        Assert.Equal(new SummaryRecord(tenantId, 1, "Billing", 0xff0000, 0), root);
        Assert.Equal(new SummaryRecord(tenantId, 2, "Refund", 0x00ff00, 1), child);
        Assert.Equal([root, child], await Store.ListSummariesAsync(tenantId, Ct));
    }

    [Fact]
    public async Task UpsertSession_InsertsEveryField()
    {
        var tenantId = await NewTenantAsync();
        var session = Session(tenantId, "s1", "v1", SessionState.Terminal) with
        {
            QueueId = 4,
            AgentUserId = "a1",
            SpecifiedAgentUserId = "a2",
            OriginType = "app",
            StartedAt = T0.AddSeconds(5),
            StoppedAt = T0.AddMinutes(10),
            Transferred = true,
            EndReason = "agent",
            SummaryIds = [3, 1],
            Comment = "refund promised",
            EnquirySummary = 4,
            EnquiryDetail = "ok",
            EnquiryTags = ["fast", "polite"],
            LastSeq = 12,
            AgentLastMessageAt = T0.AddMinutes(9),
        };

        await Store.UpsertSessionAsync(session, Ct);

        Assert.Equivalent(session, await Store.GetSessionAsync(tenantId, "s1", Ct), strict: true);
        Assert.Null(await Store.GetSessionAsync(tenantId, "s2", Ct));
    }

    [Fact]
    public async Task UpsertSession_OfAnOlderRoutingVersion_LeavesTheNewerRow()
    {
        // Two nodes project one session's changes: the close (version 20) lands before the assignment (10).
        var tenantId = await NewTenantAsync();
        var closed = Session(tenantId, "s1", "v1", SessionState.Terminal) with { AgentUserId = "a1", StoppedAt = T0.AddMinutes(1), RoutingVersion = 20 };
        Assert.Empty(await Store.UpsertSessionsAsync([closed], Ct));

        Assert.Empty(await Store.UpsertSessionsAsync([Session(tenantId, "s1", "v1", SessionState.Processing) with { AgentUserId = "a1", RoutingVersion = 10 }], Ct));

        Assert.Equivalent(closed, await Store.GetSessionAsync(tenantId, "s1", Ct), strict: true);
        var retried = closed with { EndReason = "retried" };
        Assert.Empty(await Store.UpsertSessionsAsync([retried], Ct));
        Assert.Equal("retried", (await Store.GetSessionAsync(tenantId, "s1", Ct))!.EndReason);
    }

    [Fact]
    public async Task UpsertSession_Update_ChangesRoutingFields_AndLeavesClosingFieldsAndLastSeq()
    {
        var tenantId = await NewTenantAsync();
        await Store.UpsertSessionAsync(Session(tenantId, "s1", "v1", SessionState.Wait) with { QueueId = 1 }, Ct);
        await Store.AppendMessageAsync(Message(tenantId, "s1", "c1", MessageSender.Agent, T0.AddSeconds(30)), Ct);
        await Store.SetSummaryAsync(tenantId, "s1", [2, 5], "done", Ct);
        await Store.SetRatingAsync(tenantId, "s1", 5, "great", ["kind"], Ct);

        var routed = Session(tenantId, "s1", "v1", SessionState.Terminal) with
        {
            QueueId = 2,
            AgentUserId = "a1",
            StartedAt = T0.AddSeconds(1),
            StoppedAt = T0.AddMinutes(3),
            Transferred = true,
            EndReason = "visitor",
        };
        await Store.UpsertSessionAsync(routed, Ct);

        var stored = await Store.GetSessionAsync(tenantId, "s1", Ct);
        Assert.Equivalent(
            routed with
            {
                SummaryIds = [2, 5],
                Comment = "done",
                EnquirySummary = 5,
                EnquiryDetail = "great",
                EnquiryTags = ["kind"],
                LastSeq = 1,
                AgentLastMessageAt = T0.AddSeconds(30),
            },
            stored,
            strict: true);
    }

    [Fact]
    public async Task FindOpenSession_FindsWaitOrProcessing_NotEnded()
    {
        var tenantId = await NewTenantAsync();
        await Store.UpsertSessionAsync(Session(tenantId, "old", "v1", SessionState.Terminal), Ct);
        await Store.UpsertSessionAsync(Session(tenantId, "aborted", "v2", SessionState.Abort), Ct);
        Assert.Null(await Store.FindOpenSessionAsync(tenantId, "v1", Ct));
        Assert.Null(await Store.FindOpenSessionAsync(tenantId, "v2", Ct));

        var waiting = Session(tenantId, "new", "v1", SessionState.Wait) with { CreatedAt = T0.AddHours(1) };
        await Store.UpsertSessionAsync(waiting, Ct);
        Assert.Equivalent(waiting, await Store.FindOpenSessionAsync(tenantId, "v1", Ct), strict: true);

        var processing = waiting with { State = SessionState.Processing, AgentUserId = "a1", StartedAt = T0.AddHours(2) };
        await Store.UpsertSessionAsync(processing, Ct);
        Assert.Equivalent(processing, await Store.FindOpenSessionAsync(tenantId, "v1", Ct), strict: true);
        Assert.Null(await Store.FindOpenSessionAsync(tenantId, "v3", Ct));
    }

    [Fact]
    public async Task FindOpenSession_ManyVisitorsAtOnce_EachGetsItsOwn_AcrossTenants()
    {
        var tenantId = await NewTenantAsync();
        var other = await NewTenantAsync();
        const int Visitors = 600; // Several merged reads, of several statements each.
        var sessions = Enumerable.Range(0, Visitors)
            .Select(i => Session(i % 2 == 0 ? tenantId : other, $"s{i}", $"v{i / 2}", i % 5 == 0 ? SessionState.Terminal : SessionState.Processing))
            .ToList();
        foreach (var session in sessions.Where(s => s.State == SessionState.Terminal).Concat(sessions.Where(s => s.State != SessionState.Terminal)))
        {
            Assert.Empty(await Store.UpsertSessionsAsync([session], Ct));
        }

        var lookups = Enumerable.Range(0, Visitors / 2).SelectMany(v => new[] { (tenantId, $"v{v}"), (other, $"v{v}") }).ToList();
        var found = await Task.WhenAll(lookups.Select(k => Store.FindOpenSessionAsync(k.Item1, k.Item2, Ct).AsTask()));

        for (var i = 0; i < lookups.Count; i++)
        {
            var expected = sessions.SingleOrDefault(s => (s.TenantId, s.VisitorId) == lookups[i] && s.State == SessionState.Processing);
            Assert.Equal(expected?.ServiceSessionId, found[i]?.ServiceSessionId);
        }

        Assert.Contains(found, f => f is not null);
        Assert.Contains(found, f => f is null);
    }

    [Fact]
    public async Task ListOpenSessions_ListsEveryTenantsOpenSessions()
    {
        var tenant1 = await NewTenantAsync();
        var tenant2 = await NewTenantAsync();
        await Store.UpsertSessionAsync(Session(tenant1, "w", "v1", SessionState.Wait), Ct);
        await Store.UpsertSessionAsync(Session(tenant1, "p", "v2", SessionState.Processing) with { AgentUserId = "a1" }, Ct);
        await Store.UpsertSessionAsync(Session(tenant1, "t", "v3", SessionState.Terminal), Ct);
        await Store.UpsertSessionAsync(Session(tenant2, "w", "v1", SessionState.Wait), Ct);
        await Store.UpsertSessionAsync(Session(tenant2, "a", "v4", SessionState.Abort), Ct);

        var open = (await Store.ListOpenSessionsAsync(Ct)).Where(s => s.TenantId == tenant1 || s.TenantId == tenant2);

        Assert.Equal([(tenant1, "p"), (tenant1, "w"), (tenant2, "w")], open.Select(s => (s.TenantId, s.ServiceSessionId)).Order());
    }

    [Fact]
    public async Task ListSessionsByAgent_FiltersByAgentAndState()
    {
        var tenantId = await NewTenantAsync();
        await Store.UpsertSessionAsync(Session(tenantId, "p1", "v1", SessionState.Processing) with { AgentUserId = "a1" }, Ct);
        await Store.UpsertSessionAsync(Session(tenantId, "p2", "v2", SessionState.Processing) with { AgentUserId = "a1", CreatedAt = T0.AddMinutes(1) }, Ct);
        await Store.UpsertSessionAsync(Session(tenantId, "t1", "v3", SessionState.Terminal) with { AgentUserId = "a1" }, Ct);
        await Store.UpsertSessionAsync(Session(tenantId, "p3", "v4", SessionState.Processing) with { AgentUserId = "a2" }, Ct);

        Assert.Equal(["p1", "p2"], (await Store.ListSessionsByAgentAsync(tenantId, "a1", SessionState.Processing, Ct)).Select(s => s.ServiceSessionId));
        Assert.Equal(["t1"], (await Store.ListSessionsByAgentAsync(tenantId, "a1", SessionState.Terminal, Ct)).Select(s => s.ServiceSessionId));
        Assert.Empty(await Store.ListSessionsByAgentAsync(tenantId, "a3", SessionState.Processing, Ct));
    }

    [Fact]
    public async Task AppendMessage_NumbersFromOne_AndRoundTrips()
    {
        var tenantId = await NewTenantAsync();
        await Store.UpsertSessionAsync(Session(tenantId, "s1", "v1", SessionState.Processing), Ct);
        var first = Message(tenantId, "s1", "c1", MessageSender.Visitor, T0) with { SenderId = "v1", Url = "https://img.example/1.png", Type = "img", Ext = """{"k":[1,2]}""" };
        var system = Message(tenantId, "s1", null, MessageSender.System, T0.AddSeconds(1)) with { Text = "Agent joined" };

        var appended = await Store.AppendMessageAsync(first, Ct);
        var appendedSystem = await Store.AppendMessageAsync(system, Ct);

        Assert.False(appended.Duplicate);
        Assert.Equal(Stored(first, 1), appended.Message);
        Assert.Equal(Stored(system, 2), appendedSystem.Message);
        Assert.Equal([Stored(first, 1), Stored(system, 2)], await Store.GetMessagesAsync(tenantId, "s1", 0, 100, Ct));
        Assert.Equal(2, (await Store.GetSessionAsync(tenantId, "s1", Ct))!.LastSeq);
        Assert.Null((await Store.GetSessionAsync(tenantId, "s1", Ct))!.AgentLastMessageAt);
    }

    [Fact]
    public async Task AppendMessage_SameClientMessageId_StoresOnce_AndReturnsTheStoredMessage()
    {
        var tenantId = await NewTenantAsync();
        await Store.UpsertSessionAsync(Session(tenantId, "s1", "v1", SessionState.Processing), Ct);
        var message = Message(tenantId, "s1", "c1", MessageSender.Visitor, T0);
        await Store.AppendMessageAsync(message, Ct);
        await Store.AppendMessageAsync(Message(tenantId, "s1", "c2", MessageSender.Agent, T0.AddSeconds(1)), Ct);

        var again = await Store.AppendMessageAsync(message with { MessageId = "retry-id", Text = "changed", CreatedAt = T0.AddMinutes(1) }, Ct);

        Assert.True(again.Duplicate);
        Assert.Equal(Stored(message, 1), again.Message);
        Assert.Equal([1L, 2L], (await Store.GetMessagesAsync(tenantId, "s1", 0, 100, Ct)).Select(m => m.Seq));
        Assert.Equal(2, (await Store.GetSessionAsync(tenantId, "s1", Ct))!.LastSeq);
        Assert.Equal(3, (await Store.AppendMessageAsync(Message(tenantId, "s1", "c3", MessageSender.Visitor, T0), Ct)).Message.Seq);
    }

    [Fact]
    public async Task AppendMessage_SameClientMessageIdInAnotherSession_IsAnotherMessage()
    {
        var tenantId = await NewTenantAsync();
        await Store.UpsertSessionAsync(Session(tenantId, "s1", "v1", SessionState.Processing), Ct);
        await Store.UpsertSessionAsync(Session(tenantId, "s2", "v2", SessionState.Processing), Ct);

        await Store.AppendMessageAsync(Message(tenantId, "s1", "c1", MessageSender.Visitor, T0), Ct);
        var other = await Store.AppendMessageAsync(Message(tenantId, "s2", "c1", MessageSender.Visitor, T0), Ct);

        Assert.False(other.Duplicate);
        Assert.Equal(1, other.Message.Seq);
    }

    [Fact]
    public async Task AppendMessage_SameClientMessageIdFromTheOtherSender_IsAnotherMessage()
    {
        var tenantId = await NewTenantAsync();
        await Store.UpsertSessionAsync(Session(tenantId, "s1", "v1", SessionState.Processing), Ct);
        var visitors = Message(tenantId, "s1", "msg-1", MessageSender.Visitor, T0) with { Text = "visitor's" };
        var agents = Message(tenantId, "s1", "msg-1", MessageSender.Agent, T0.AddSeconds(1)) with { Text = "agent's" };

        var fromVisitor = await Store.AppendMessageAsync(visitors, Ct);
        var fromAgent = await Store.AppendMessageAsync(agents, Ct);

        Assert.False(fromAgent.Duplicate);
        Assert.Equal(Stored(agents, 2), fromAgent.Message);
        Assert.Equal([Stored(visitors, 1), Stored(agents, 2)], await Store.GetMessagesAsync(tenantId, "s1", 0, 100, Ct));
        Assert.True((await Store.AppendMessageAsync(agents with { MessageId = "retry" }, Ct)).Duplicate);
    }

    [Fact]
    public async Task UpsertSession_SecondOpenSessionOfOneVisitor_IsRefused()
    {
        var tenantId = await NewTenantAsync();
        await Store.UpsertSessionAsync(Session(tenantId, "first", "v1", SessionState.Wait), Ct);

        var refused = await Assert.ThrowsAsync<VisitorHasOpenSessionException>(
            async () => await Store.UpsertSessionAsync(Session(tenantId, "second", "v1", SessionState.Processing) with { AgentUserId = "a1" }, Ct));

        Assert.Equal("second", refused.ServiceSessionId);
        Assert.Null(await Store.GetSessionAsync(tenantId, "second", Ct));
        Assert.Equal("first", (await Store.FindOpenSessionAsync(tenantId, "v1", Ct))!.ServiceSessionId);

        // Closed sessions do not count, and once the first ends the visitor may open another.
        await Store.UpsertSessionAsync(Session(tenantId, "old", "v1", SessionState.Terminal), Ct);
        await Store.UpsertSessionAsync(Session(tenantId, "first", "v1", SessionState.Abort), Ct);
        await Store.UpsertSessionAsync(Session(tenantId, "second", "v1", SessionState.Wait), Ct);
        Assert.Equal("second", (await Store.FindOpenSessionAsync(tenantId, "v1", Ct))!.ServiceSessionId);
    }

    [Fact]
    public async Task UpsertSessions_InOneBatch_StoresAllButTheSecondOpenSessionOfAVisitor()
    {
        var tenantId = await NewTenantAsync();
        await Store.UpsertSessionAsync(Session(tenantId, "open", "v1", SessionState.Wait), Ct);

        var refused = await Store.UpsertSessionsAsync(
            [
                Session(tenantId, "a", "v2", SessionState.Wait),
                Session(tenantId, "dup", "v1", SessionState.Wait),
                Session(tenantId, "a", "v2", SessionState.Processing) with { AgentUserId = "a1" },
                Session(tenantId, "b", "v3", SessionState.Wait),
                Session(tenantId, "b2", "v3", SessionState.Wait),
            ],
            Ct);

        Assert.Equal(["dup", "b2"], refused);
        Assert.Equal(SessionState.Processing, (await Store.GetSessionAsync(tenantId, "a", Ct))!.State);
        Assert.NotNull(await Store.GetSessionAsync(tenantId, "b", Ct));
        Assert.Null(await Store.GetSessionAsync(tenantId, "dup", Ct));
        Assert.Null(await Store.GetSessionAsync(tenantId, "b2", Ct));
    }

    /// <summary>
    /// A routing round (one call) holds many sessions, some changed several times: the store writes them with
    /// multi-row statements, and each session must still end as its last change says, keeping what history
    /// needs from the earlier ones (first start, transferred, every agent it passed through).
    /// </summary>
    [Fact]
    public async Task UpsertSessions_ARoundWithManySessionsAndRepeats_EndsAsEachSessionsLastChange()
    {
        var tenantId = await NewTenantAsync();
        var round = new List<SessionRecord>();
        for (var i = 0; i < 150; i++)
        {
            round.Add(Session(tenantId, $"r{i}", $"rv{i}", SessionState.Wait) with { RoutingVersion = 1 });
        }

        round.Add(Session(tenantId, "r7", "rv7", SessionState.Processing) with { AgentUserId = "a1", StartedAt = T0.AddSeconds(5), RoutingVersion = 2 });
        round.Add(Session(tenantId, "r7", "rv7", SessionState.Processing) with { AgentUserId = "a2", StartedAt = T0.AddSeconds(9), Transferred = true, RoutingVersion = 3 });
        round.Add(Session(tenantId, "r7", "rv7", SessionState.Terminal) with { AgentUserId = "a2", StoppedAt = T0.AddMinutes(1), EndReason = "visitor", RoutingVersion = 4 });
        round.Add(Session(tenantId, "r8", "rv8", SessionState.Processing) with { AgentUserId = "a1", StartedAt = T0.AddSeconds(2), RoutingVersion = 2 });
        round.Add(Session(tenantId, "r8", "rv8", SessionState.Wait) with { RoutingVersion = 1 }); // older: left out

        Assert.Empty(await Store.UpsertSessionsAsync(round, Ct));

        var r7 = await Store.GetSessionAsync(tenantId, "r7", Ct);
        Assert.Equal((SessionState.Terminal, "a2", true, "visitor", T0.AddSeconds(5)), (r7!.State, r7.AgentUserId, r7.Transferred, r7.EndReason, r7.StartedAt));
        var r8 = await Store.GetSessionAsync(tenantId, "r8", Ct);
        Assert.Equal((SessionState.Processing, "a1"), (r8!.State, r8.AgentUserId));
        foreach (var i in Enumerable.Range(9, 141))
        {
            Assert.Equal(SessionState.Wait, (await Store.GetSessionAsync(tenantId, $"r{i}", Ct))!.State);
        }
        Assert.Equal(["r7", "r8"], (await Store.QueryHistoryAsync(new SessionHistoryQuery { TenantId = tenantId, ServedByAgentUserId = "a1" }, Ct)).Items.Select(r => r.Session.ServiceSessionId).Order());
        Assert.Equal(["r7"], (await Store.QueryHistoryAsync(new SessionHistoryQuery { TenantId = tenantId, ServedByAgentUserId = "a2" }, Ct)).Items.Select(r => r.Session.ServiceSessionId));
    }

    /// <summary>
    /// The group-commit write path at high concurrency: many sessions, visitor and agent writing in each at
    /// once, every message sent twice or three times (sequential retries, racing copies that may share a
    /// batch, and the same client message id used by both senders). Afterwards every acknowledged message
    /// is stored exactly once, each session's seqs run 1..n with no gap, each writer's messages in the order
    /// it sent them, and every copy was answered with the stored message.
    /// </summary>
    [Fact]
    public async Task AppendMessage_ManySessionsBothSendersAndDuplicates_EachStoredOnceInGapFreeSeqOrder()
    {
        const int Sessions = 40, PerWriter = 30;
        var tenantId = await NewTenantAsync();
        var sessionIds = Enumerable.Range(0, Sessions).Select(i => $"hc{i}").ToList();
        await Store.UpsertSessionsAsync([.. sessionIds.Select((id, i) => Session(tenantId, id, $"v{i}", SessionState.Processing))], Ct);
        using var start = new SemaphoreSlim(0);

        // Per session two writers (visitor, agent), each sending its own sequence; both use the same ids ("m0".."m29").
        var writers = sessionIds.SelectMany(id => new[] { MessageSender.Visitor, MessageSender.Agent }.Select(from => Task.Run(
            async () =>
            {
                await start.WaitAsync(Ct);
                var acked = new List<AppendMessageResult>();
                for (var i = 0; i < PerWriter; i++)
                {
                    var message = Message(tenantId, id, $"m{i}", from, T0.AddSeconds(i)) with { Text = $"{from} {i}" };
                    var copies = i % 3 == 0
                        ? await Task.WhenAll(Store.AppendMessageAsync(message, Ct).AsTask(), Store.AppendMessageAsync(message with { MessageId = "copy-" + message.MessageId }, Ct).AsTask())
                        : [await Store.AppendMessageAsync(message, Ct)];
                    acked.AddRange(copies);
                    if (i % 5 == 0)
                    {
                        acked.Add(await Store.AppendMessageAsync(message with { MessageId = "retry-" + message.MessageId, Text = "changed" }, Ct));
                    }
                }

                return (id, from, acked);
            },
            Ct))).ToList();
        start.Release(writers.Count);
        var results = await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(120), Ct);

        foreach (var id in sessionIds)
        {
            var stored = await Store.GetMessagesAsync(tenantId, id, 0, 10_000, Ct);
            Assert.Equal(Enumerable.Range(1, 2 * PerWriter).Select(i => (long)i), stored.Select(m => m.Seq));
            Assert.Equal(2 * PerWriter, (await Store.GetSessionAsync(tenantId, id, Ct))!.LastSeq);
            var bySeq = stored.ToDictionary(m => m.Seq);
            foreach (var (_, from, acked) in results.Where(r => r.id == id))
            {
                var mine = stored.Where(m => m.From == from).ToList();
                Assert.Equal(Enumerable.Range(0, PerWriter).Select(i => $"m{i}"), mine.Select(m => m.ClientMessageId));
                Assert.Equal(Enumerable.Range(0, PerWriter).Select(i => $"{from} {i}"), mine.Select(m => m.Text));
                Assert.All(acked, a => Assert.Equal(bySeq[a.Message.Seq], a.Message));
                Assert.Equal(PerWriter, acked.Count(a => !a.Duplicate));
                Assert.Equal(PerWriter, acked.Select(a => a.Message.Seq).Distinct().Count());
            }
        }
    }

    [Fact]
    public async Task AppendMessage_UnknownSession_ThrowsKeyNotFound()
    {
        var tenantId = await NewTenantAsync();

        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await Store.AppendMessageAsync(Message(tenantId, "none", "c1", MessageSender.Visitor, T0), Ct));
    }

    [Fact]
    public async Task AppendMessage_AgentMessage_SetsAgentLastMessageAt()
    {
        var tenantId = await NewTenantAsync();
        await Store.UpsertSessionAsync(Session(tenantId, "s1", "v1", SessionState.Processing), Ct);

        await Store.AppendMessageAsync(Message(tenantId, "s1", "c1", MessageSender.Agent, T0.AddSeconds(7)), Ct);
        await Store.AppendMessageAsync(Message(tenantId, "s1", "c2", MessageSender.Visitor, T0.AddSeconds(9)), Ct);

        Assert.Equal(T0.AddSeconds(7), (await Store.GetSessionAsync(tenantId, "s1", Ct))!.AgentLastMessageAt);
    }

    [Fact]
    public async Task GetMessages_PagesByAfterSeq()
    {
        var tenantId = await NewTenantAsync();
        await Store.UpsertSessionAsync(Session(tenantId, "s1", "v1", SessionState.Processing), Ct);
        for (var i = 1; i <= 7; i++)
        {
            await Store.AppendMessageAsync(Message(tenantId, "s1", "c" + i, MessageSender.Visitor, T0.AddSeconds(i)), Ct);
        }

        Assert.Equal([1L, 2L, 3L], (await Store.GetMessagesAsync(tenantId, "s1", 0, 3, Ct)).Select(m => m.Seq));
        Assert.Equal([4L, 5L, 6L], (await Store.GetMessagesAsync(tenantId, "s1", 3, 3, Ct)).Select(m => m.Seq));
        Assert.Equal([7L], (await Store.GetMessagesAsync(tenantId, "s1", 6, 3, Ct)).Select(m => m.Seq));
        Assert.Empty(await Store.GetMessagesAsync(tenantId, "s1", 7, 3, Ct));
        Assert.Empty(await Store.GetMessagesAsync(tenantId, "s2", 0, 3, Ct));
    }

    [Fact]
    public async Task AppendMessage_ConcurrentAppendsAndRacingRetries_GiveGapFreeUniqueSeqs()
    {
        const int Writers = 8, PerWriter = 50, Retried = 20;
        var tenantId = await NewTenantAsync();
        await Store.UpsertSessionAsync(Session(tenantId, "s1", "v1", SessionState.Processing), Ct);
        using var start = new SemaphoreSlim(0);

        // Every writer sends its own messages, and all of them also race to send the same retried ones.
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(
            async () =>
            {
                await start.WaitAsync(Ct);
                var results = new List<AppendMessageResult>();
                for (var i = 0; i < PerWriter; i++)
                {
                    results.Add(await Store.AppendMessageAsync(Message(tenantId, "s1", $"w{w}-{i}", MessageSender.Visitor, T0), Ct));
                    if (i < Retried)
                    {
                        results.Add(await Store.AppendMessageAsync(Message(tenantId, "s1", $"retry-{i}", MessageSender.Visitor, T0) with { MessageId = $"w{w}-retry-{i}" }, Ct));
                    }
                }

                return results;
            },
            Ct)).ToList();
        start.Release(Writers);
        var results = (await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60), Ct)).SelectMany(r => r).ToList();

        var stored = await Store.GetMessagesAsync(tenantId, "s1", 0, 10_000, Ct);
        const int Expected = (Writers * PerWriter) + Retried;
        Assert.Equal(Enumerable.Range(1, Expected).Select(i => (long)i), stored.Select(m => m.Seq));
        Assert.Equal(Expected, stored.Select(m => m.ClientMessageId).Distinct().Count());
        Assert.Equal(Expected, results.Count(r => !r.Duplicate));
        Assert.Equal(Retried * (Writers - 1), results.Count(r => r.Duplicate));
        var bySeq = stored.ToDictionary(m => m.Seq);
        Assert.All(results, r => Assert.Equal(bySeq[r.Message.Seq], r.Message));
        Assert.Equal(Expected, (await Store.GetSessionAsync(tenantId, "s1", Ct))!.LastSeq);
    }

    [Fact]
    public async Task EveryRead_SeesOnlyItsOwnTenantsRows()
    {
        var owner = await NewTenantAsync();
        var stranger = await NewTenantAsync();
        await Store.CreateAgentAsync(Agent(owner, "a1", "alice@example.com"), Ct);
        var queue = await Store.CreateQueueAsync(owner, "Sales", ["a1"], Ct);
        await Store.CreateVisitorAsync(new VisitorRecord { TenantId = owner, VisitorId = "v1", CreatedAt = T0 }, Ct);
        await Store.UpsertSessionAsync(Session(owner, "s1", "v1", SessionState.Processing) with { AgentUserId = "a1" }, Ct);
        await Store.AppendMessageAsync(Message(owner, "s1", "c1", MessageSender.Visitor, T0), Ct);
        var leave = await Store.CreateLeaveMessageAsync(new LeaveMessageRecord { TenantId = owner, Content = "hi", CreatedAt = T0, UpdatedAt = T0 }, Ct);
        await Store.CreateSummaryAsync(owner, "Billing", 1, 0, Ct);
        await Store.SaveTokenAsync(new AccessTokenRecord($"iso-{owner}", owner, TokenKind.Agent, "a1", null), Ct);
        await Store.SaveSettingsAsync(owner, TenantSettings.Default with { WelcomeMessage = "owner's" }, Ct);
        await Store.SaveTimePlanAsync(owner, new TimePlanDocument { TimeZone = "UTC" }, Ct);

        Assert.Empty(await Store.ListAgentsAsync(stranger, Ct));
        Assert.Null(await Store.GetAgentAsync(stranger, "a1", Ct));
        Assert.Null(await Store.FindAgentByUsernameAsync(stranger, "alice@example.com", Ct));
        Assert.False(await Store.UpdateAgentAsync(Agent(stranger, "a1", "alice@example.com"), Ct));
        Assert.False(await Store.DeleteAgentAsync(stranger, "a1", Ct));
        Assert.Empty(await Store.ListQueuesAsync(stranger, Ct));
        Assert.Null(await Store.GetQueueAsync(stranger, queue.QueueId, Ct));
        Assert.False(await Store.UpdateQueueAsync(queue with { TenantId = stranger, AgentUserIds = [] }, Ct));
        Assert.False(await Store.DeleteQueueAsync(stranger, queue.QueueId, Ct));
        Assert.Null(await Store.GetVisitorAsync(stranger, "v1", Ct));
        Assert.Null(await Store.GetSessionAsync(stranger, "s1", Ct));
        Assert.Null(await Store.FindOpenSessionAsync(stranger, "v1", Ct));
        Assert.Empty(await Store.ListSessionsByAgentAsync(stranger, "a1", SessionState.Processing, Ct));
        Assert.Empty(await Store.GetMessagesAsync(stranger, "s1", 0, 100, Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await Store.AppendMessageAsync(Message(stranger, "s1", "c2", MessageSender.Visitor, T0), Ct));
        await Store.SetSummaryAsync(stranger, "s1", [1], "not yours", Ct);
        await Store.SetRatingAsync(stranger, "s1", 1, "not yours", [], Ct);
        Assert.Empty(await Store.ListLeaveMessagesAsync(stranger, new LeaveMessageFilter(), 0, 100, Ct));
        Assert.Null(await Store.GetLeaveMessageAsync(stranger, leave.LeaveMessageId, Ct));
        Assert.False(await Store.UpdateLeaveMessageAsync(stranger, leave.LeaveMessageId, LeaveMessageStatus.Resolved, null, null, T0, Ct));
        Assert.Null(await Store.AddLeaveMessageCommentAsync(stranger, leave.LeaveMessageId, "mallory", "x", T0, 10, Ct));
        Assert.Empty(await Store.ListSummariesAsync(stranger, Ct));
        Assert.Equal(0, await Store.DeleteTokensAsync(stranger, TokenKind.Agent, "a1", Ct));
        Assert.Same(TenantSettings.Default, await Store.GetSettingsAsync(stranger, Ct));
        Assert.Null(await Store.GetTimePlanAsync(stranger, Ct));

        // The stranger's first queue and summary are its own number 1, and the owner's rows are unchanged.
        Assert.Equal(1, (await Store.CreateQueueAsync(stranger, "Mine", [], Ct)).QueueId);
        Assert.Equal(1, (await Store.CreateSummaryAsync(stranger, "Mine", 1, 0, Ct)).Id);
        Assert.Equal(["a1"], (await Store.GetQueueAsync(owner, queue.QueueId, Ct))!.AgentUserIds);
        var session = (await Store.GetSessionAsync(owner, "s1", Ct))!;
        Assert.Equal((1L, null, null, 0), (session.LastSeq, session.Comment, session.EnquirySummary, session.SummaryIds.Count));
        Assert.Equal(LeaveMessageStatus.Untreated, Assert.Single(await Store.ListLeaveMessagesAsync(owner, new LeaveMessageFilter(), 0, 100, Ct)).Status);
        Assert.NotNull(await Store.FindTokenAsync($"iso-{owner}", Ct));
        Assert.Equal("owner's", (await Store.GetSettingsAsync(owner, Ct)).WelcomeMessage);
    }

    [Fact]
    public async Task HostileStrings_AreStoredVerbatim_AndMatchNothingElse()
    {
        var tenantId = await NewTenantAsync();
        await Store.CreateAgentAsync(Agent(tenantId, "plain", "plain@example.com"), Ct);
        await Store.UpsertSessionAsync(Session(tenantId, "s1", "v1", SessionState.Processing), Ct);
        for (var i = 0; i < HostileValues.Length; i++)
        {
            var value = HostileValues[i];
            var agent = Agent(tenantId, value, value) with { Nicename = value, TrueName = value, Roles = value };
            Assert.True(await Store.CreateAgentAsync(agent, Ct));
            Assert.Equal(agent, await Store.FindAgentByUsernameAsync(tenantId, value, Ct));
            Assert.Equal(agent, await Store.GetAgentAsync(tenantId, value, Ct));

            var visitor = new VisitorRecord { TenantId = tenantId, VisitorId = value, Nickname = value, CreatedAt = T0 };
            await Store.CreateVisitorAsync(visitor, Ct);
            AssertSameVisitor(visitor, await Store.GetVisitorAsync(tenantId, value, Ct));

            var message = Message(tenantId, "s1", value, MessageSender.Visitor, T0) with { Text = value, Ext = value, SenderId = value };
            Assert.Equal(Stored(message, i + 1), (await Store.AppendMessageAsync(message, Ct)).Message);
        }

        Assert.Null(await Store.FindAgentByUsernameAsync(tenantId, "' OR '1'='1", Ct));
        Assert.Null(await Store.GetSessionAsync(tenantId, "' OR '1'='1", Ct));
        Assert.Null(await Store.FindTokenAsync("' OR '1'='1", Ct));
        Assert.Equal(HostileValues.Length + 1, (await Store.ListAgentsAsync(tenantId, Ct)).Count);
        Assert.Equal(HostileValues, (await Store.GetMessagesAsync(tenantId, "s1", 0, 100, Ct)).Select(m => m.Text));
        await Store.SaveSettingsAsync(tenantId, TenantSettings.Default with { WelcomeMessage = HostileValues[1] }, Ct);
        Assert.Equal(HostileValues[1], (await Store.GetSettingsAsync(tenantId, Ct)).WelcomeMessage);
        Assert.True(await Store.PingAsync(Ct));
    }

    private static int NextTenantId() => Interlocked.Increment(ref s_lastTenantId);

    private static void AssertSameVisitor(VisitorRecord expected, VisitorRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { CustomFields = actual.CustomFields, TagIds = actual.TagIds }, actual);
        Assert.Equal(expected.CustomFields.OrderBy(f => f.Key, StringComparer.Ordinal), actual.CustomFields.OrderBy(f => f.Key, StringComparer.Ordinal));
        Assert.Equal(expected.TagIds, actual.TagIds);
    }

    private async Task<int> NewTenantAsync()
    {
        var tenant = Tenant(NextTenantId());
        Assert.True(await Store.CreateTenantAsync(tenant, Ct));
        return tenant.TenantId;
    }

    private protected static TenantRecord Tenant(int tenantId) => new()
    {
        TenantId = tenantId,
        Name = $"Tenant {tenantId}",
        ClientId = $"client-{tenantId}-{Guid.NewGuid():N}",
        SecretHash = "pbkdf2-sha256$1$c2FsdA==$aGFzaA==",
        CreatedAt = T0,
    };

    private static AgentRecord Agent(int tenantId, string userId, string username) => new()
    {
        TenantId = tenantId,
        UserId = userId,
        Username = username,
        PasswordHash = "hash",
        Nicename = "Nick " + userId,
        Roles = "agent",
        MaxServiceSessionCount = 3,
        Enabled = true,
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    private protected static SessionRecord Session(int tenantId, string serviceSessionId, string visitorId, SessionState state) => new()
    {
        TenantId = tenantId,
        ServiceSessionId = serviceSessionId,
        VisitorId = visitorId,
        State = state,
        CreatedAt = T0,
    };

    private protected static NewMessage Message(int tenantId, string serviceSessionId, string? clientMessageId, MessageSender from, DateTimeOffset createdAt) => new()
    {
        TenantId = tenantId,
        ServiceSessionId = serviceSessionId,
        MessageId = Guid.NewGuid().ToString("N"),
        ClientMessageId = clientMessageId,
        From = from,
        Type = "txt",
        Text = "text of " + clientMessageId,
        CreatedAt = createdAt,
    };

    private static MessageRecord Stored(NewMessage message, long seq) => new()
    {
        TenantId = message.TenantId,
        ServiceSessionId = message.ServiceSessionId,
        MessageId = message.MessageId,
        Seq = seq,
        ClientMessageId = message.ClientMessageId,
        From = message.From,
        SenderId = message.SenderId,
        Type = message.Type,
        Text = message.Text,
        Url = message.Url,
        Ext = message.Ext,
        CreatedAt = message.CreatedAt,
    };
}
