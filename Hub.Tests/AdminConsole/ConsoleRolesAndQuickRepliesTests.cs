using System.Text.Json;
using KefuHub.Tests.Widget;
using Microsoft.Playwright;

namespace KefuHub.Tests.AdminConsole;

/// <summary>The roles and quick replies sections: what is made there is what the REST API then answers.</summary>
public sealed class ConsoleRolesAndQuickRepliesTests(Chromium chromium) : ConsoleBrowserTestBase(chromium), IClassFixture<Chromium>
{
    [Fact]
    public async Task Roles_CreatedInTheConsole_GivenToAnAgent_Edited_AndDeleted_AsTheApiAnswers()
    {
        await CreateAgentAsync("dave@test", 2, "Dave");
        var page = await OpenConsoleAsync();
        await SignInAsync(page);
        await NavigateAsync(page, "roles");

        // The system roles are listed read-only.
        var system = page.Locator("tr[data-role-type=SYSTEM]");
        await Assertions.Expect(system).ToHaveCountAsync(2);
        await Assertions.Expect(system.Locator("[data-action]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("tr[data-role-id='1']")).ToContainTextAsync("Administrator");
        await Assertions.Expect(page.Locator("tr[data-role-id='2']")).ToContainTextAsync("Serves its own sessions only");

        // Create: the form checks the length as the hub counts it, the API's own error stays in the dialog.
        await page.Locator("[data-kefu=role-create]").ClickAsync();
        var dialog = page.Locator("dialog[open]");
        await dialog.Locator("input[name=role_name]").FillAsync(new string('x', 101));
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(dialog.Locator(".field-error").First).ToHaveTextAsync("At most 100 characters.");
        await dialog.Locator("input[name=role_name]").FillAsync("Admin");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(dialog.Locator(".dialog-error")).ToHaveTextAsync("A role named 'Admin' exists.");
        await dialog.Locator("input[name=role_name]").FillAsync("Supervisor");
        await dialog.Locator("textarea[name=role_description]").FillAsync("Reads the history, watches the lines");
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Session history" }).CheckAsync();
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Monitoring" }).CheckAsync();
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        var row = page.Locator("tr[data-role-type=CUSTOMIZED]");
        await Assertions.Expect(row).ToContainTextAsync("Supervisor");
        await Assertions.Expect(row).ToContainTextAsync("Reads the history, watches the lines");
        var created = await CustomRoleAsync();
        Assert.Equal(("Supervisor", "Reads the history, watches the lines"), (created.GetProperty("role_name").GetString(), created.GetProperty("role_description").GetString()));
        Assert.Equal(["history", "monitoring"], Permissions(created));
        var roleId = created.GetProperty("role_id").GetInt32();

        // Given to an agent on the agents page.
        await NavigateAsync(page, "agents");
        var dave = page.Locator("tr[data-username='dave@test']");
        await dave.Locator("[data-action=edit]").ClickAsync();
        await dialog.Locator("select[name=roleId]").SelectOptionAsync(new SelectOptionValue { Label = "Supervisor" });
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(dave).ToContainTextAsync("Supervisor");
        var roleList = (await RestAsync(HttpMethod.Get, "/agents?keyValue=dave@test")).GetProperty("entities")[0].GetProperty("roleList")[0];
        Assert.Equal((roleId, "Supervisor"), (roleList.GetProperty("role_id").GetInt32(), roleList.GetProperty("role_name").GetString()));
        await dave.Locator("[data-action=edit]").ClickAsync();
        await Assertions.Expect(dialog.Locator("select[name=roleId] option:checked")).ToHaveTextAsync("Supervisor");
        await page.Keyboard.PressAsync("Escape");

        // Edit: the name and the set of permissions, replaced as ticked.
        await NavigateAsync(page, "roles");
        await Assertions.Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("1");
        await row.Locator("[data-action=edit]").ClickAsync();
        await Assertions.Expect(dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Session history" })).ToBeCheckedAsync();
        await dialog.Locator("input[name=role_name]").FillAsync("Night supervisor");
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Session history" }).UncheckAsync();
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Administration" }).CheckAsync();
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Night supervisor");
        var edited = await CustomRoleAsync();
        Assert.Equal((roleId, "Night supervisor"), (edited.GetProperty("role_id").GetInt32(), edited.GetProperty("role_name").GetString()));
        Assert.Equal(["admin", "monitoring"], Permissions(edited));

        // A role with the admin permission opens the console to its agents.
        var davesConsole = await OpenConsoleAsync();
        await SignInAsync(davesConsole, "dave@test", "password-dave@test");
        await Assertions.Expect(davesConsole.Locator(".me")).ToContainTextAsync("Dave");

        // Delete: refused while Dave holds it (the API's error, in the dialog), then done.
        await row.Locator("[data-action=delete]").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("Agents holding this role: 1.");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(dialog.Locator(".dialog-error")).ToHaveTextAsync($"Agents hold role {roleId}: give them another role first.");
        await page.Keyboard.PressAsync("Escape");
        await RestAsync(HttpMethod.Put, "/agent", new { username = "dave@test", roleId = 2 });
        await NavigateAsync(page, "dashboard");
        await NavigateAsync(page, "roles");
        await row.Locator("[data-action=delete]").ClickAsync();
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        Assert.DoesNotContain((await RestAsync(HttpMethod.Get, "/roles")).GetProperty("entities").EnumerateArray(), r => r.GetProperty("role_type").GetString() == "CUSTOMIZED");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task QuickReplies_CreatedSearchedEditedAndDeleted_InGroups_AreTheTenantsAsTheApiAnswers()
    {
        // The administrator's own personal reply belongs to the workspace, not to this page.
        await RestAsync(HttpMethod.Post, "/quickReplies", new { text = "my own note", personal = true });
        var page = await OpenConsoleAsync();
        await SignInAsync(page);
        await NavigateAsync(page, "quick-replies");
        await Assertions.Expect(page.Locator("[data-kefu=quick-replies]")).ToContainTextAsync("No quick replies yet.");

        var dialog = page.Locator("dialog[open]");
        async Task CreateAsync(string group, string text)
        {
            await page.Locator("[data-kefu=quick-reply-create]").ClickAsync();
            await dialog.Locator("input[name=group]").FillAsync(group);
            await dialog.Locator("textarea[name=text]").FillAsync(text);
            await dialog.Locator("button[type=submit]").ClickAsync();
            await Assertions.Expect(dialog).ToHaveCountAsync(0);
        }

        await CreateAsync("Billing", "Refunds reach your card in 3–5 working days.");
        await CreateAsync(string.Empty, "Hello! How can I help? <b>today</b>");
        await CreateAsync("Shipping", "Here is your tracking link.");
        await CreateAsync("Billing", "Invoices are sent by email.");

        // Grouped as the hub orders them, text shown as text, the personal reply left out.
        await Assertions.Expect(page.Locator("[data-quick-reply-id]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator(".reply-group h2")).ToHaveTextAsync(["No group", "Billing", "Shipping"]);
        await Assertions.Expect(page.Locator("section[data-group='Billing'] .reply-text")).ToHaveTextAsync(["Refunds reach your card in 3–5 working days.", "Invoices are sent by email."]);
        await Assertions.Expect(page.Locator("section[data-group=''] .reply-text")).ToHaveTextAsync("Hello! How can I help? <b>today</b>");
        await Assertions.Expect(page.Locator("main b")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("my own note");
        var replies = await TenantRepliesAsync();
        Assert.Equal(
            [("Billing", "Refunds reach your card in 3–5 working days."), ("Billing", "Invoices are sent by email."), ("Shipping", "Here is your tracking link."), (string.Empty, "Hello! How can I help? <b>today</b>")],
            replies.Select(r => (r.GetProperty("group").GetString()!, r.GetProperty("text").GetString()!)).OrderBy(r => r.Item1 == string.Empty).ThenBy(r => r.Item1, StringComparer.Ordinal).ToArray());

        // Searched by the hub, in groups and texts.
        await page.Locator("[data-kefu=quick-reply-search]").FillAsync("TRACKING");
        await Assertions.Expect(page.Locator("[data-quick-reply-id]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".reply-text")).ToHaveTextAsync("Here is your tracking link.");
        await page.Locator("[data-kefu=quick-reply-search]").FillAsync("billing");
        await Assertions.Expect(page.Locator("[data-quick-reply-id]")).ToHaveCountAsync(2);
        await page.Locator("[data-kefu=quick-reply-search]").FillAsync("nothing like this");
        await Assertions.Expect(page.Locator("[data-kefu=quick-replies]")).ToContainTextAsync("No quick reply matches.");
        await page.Locator("[data-kefu=quick-reply-search]").FillAsync(string.Empty);
        await Assertions.Expect(page.Locator("[data-quick-reply-id]")).ToHaveCountAsync(4);

        // The hub's limit, counted as it counts (an emoji is one character): 2000 pass, 2001 do not.
        await page.Locator("[data-kefu=quick-reply-create]").ClickAsync();
        await dialog.Locator("textarea[name=text]").FillAsync(string.Concat(Enumerable.Repeat("😀", 2001)));
        await Assertions.Expect(dialog.Locator(".char-count")).ToHaveTextAsync("2001 / 2000");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(dialog.Locator(".field-error:visible")).ToHaveTextAsync("At most 2000 characters.");
        await dialog.Locator("textarea[name=text]").FillAsync(string.Concat(Enumerable.Repeat("😀", 2000)));
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        Assert.Contains(await TenantRepliesAsync(), r => r.GetProperty("text").GetString() == string.Concat(Enumerable.Repeat("😀", 2000)));

        // Edit: the text and the group move together.
        var shipping = page.Locator("[data-quick-reply-id]", new() { HasText = "tracking link" });
        var id = int.Parse(await shipping.GetAttributeAsync("data-quick-reply-id") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await shipping.Locator("[data-action=edit]").ClickAsync();
        await Assertions.Expect(dialog.Locator("input[name=group]")).ToHaveValueAsync("Shipping");
        await dialog.Locator("input[name=group]").FillAsync("Delivery");
        await dialog.Locator("textarea[name=text]").FillAsync("Your parcel's tracking link:\nhttps://track.example.com");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("section[data-group='Delivery'] .reply-text")).ToContainTextAsync("https://track.example.com");
        await Assertions.Expect(page.Locator("section[data-group='Shipping']")).ToHaveCountAsync(0);
        var stored = (await RestAsync(HttpMethod.Get, $"/quickReplies/{id}")).GetProperty("entity");
        Assert.Equal(("Delivery", "Your parcel's tracking link:\nhttps://track.example.com", false), (stored.GetProperty("group").GetString(), stored.GetProperty("text").GetString(), stored.GetProperty("personal").GetBoolean()));

        // Delete asks first.
        await page.Locator($"[data-quick-reply-id='{id}'] [data-action=delete]").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("Agents no longer see it in the workspace.");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-quick-reply-id='{id}']")).ToHaveCountAsync(0);
        Assert.DoesNotContain(await TenantRepliesAsync(), r => r.GetProperty("id").GetInt32() == id);
        Assert.Equal(4, (await TenantRepliesAsync()).Count);
        AssertNoConsoleErrors();
    }

    private async Task<JsonElement> CustomRoleAsync() =>
        Assert.Single((await RestAsync(HttpMethod.Get, "/roles")).GetProperty("entities").EnumerateArray(), r => r.GetProperty("role_type").GetString() == "CUSTOMIZED");

    private static string[] Permissions(JsonElement role) => [.. role.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()!).Order(StringComparer.Ordinal)];

    private async Task<List<JsonElement>> TenantRepliesAsync() =>
        [.. (await RestAsync(HttpMethod.Get, "/quickReplies")).GetProperty("entities").EnumerateArray().Where(r => !r.GetProperty("personal").GetBoolean())];
}
