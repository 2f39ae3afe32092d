var builder = WebApplication.CreateBuilder(args);

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
