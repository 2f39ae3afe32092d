// Configuration is read once, at start. Reloading it on change watches the whole content root, and the
// embedded database (./data) lies under it: every commit woke the watcher, 10-17% of the hub's CPU in a
// chat load (docs/performance.md). Passed first, so that a later argument can turn reloading back on.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);

builder.AddKefuRouting();
builder.AddKefuRedis();
builder.AddKefuStorage();
builder.AddKefuHubs();

var app = builder.Build();

app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
app.MapHealthChecks("/health/ready");
app.MapKefuHubs();
app.MapKefuConsole();

app.Run();

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
