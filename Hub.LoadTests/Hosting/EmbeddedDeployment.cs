namespace KefuHub.LoadTests.Hosting;

/// <summary>What a run starts when it is given no URL: one hub node on SQLite or PostgreSQL with the
/// in-process state, or several nodes sharing a PostgreSQL and a Redis (routing state and the SignalR
/// backplane), as operators deploy them behind a load balancer. Everything is stopped on dispose.</summary>
internal sealed class EmbeddedDeployment : IAsyncDisposable
{
    private readonly List<EmbeddedHub> _hubs = [];
    private PostgresInstance? _postgres;

    private EmbeddedDeployment(HubCredentials credentials) => Credentials = credentials;

    public HubCredentials Credentials { get; }

    public IReadOnlyList<Uri> Urls => _hubs.ConvertAll(h => h.Url);

    public IReadOnlyList<int> ProcessIds => _hubs.ConvertAll(h => h.ProcessId);

    /// <summary>The nodes' Redis; null for a single node.</summary>
    public RedisInstance? Redis { get; private set; }

    /// <summary>Starts <paramref name="nodes"/> nodes on <paramref name="store"/>; several nodes need PostgreSQL,
    /// their shared durable store (each node's SQLite would be a database of its own).</summary>
    public static async Task<EmbeddedDeployment> StartAsync(string serverDll, int tenant, string store, int nodes, Action<string>? progress, CancellationToken cancellationToken)
    {
        if (nodes > 1 && store != "postgres")
        {
            throw new ArgumentException($"--nodes {nodes} shares one PostgreSQL between the nodes: add --store postgres.");
        }

        var deployment = new EmbeddedDeployment(HubCredentials.Generate(tenant));
        try
        {
            if (store == "postgres")
            {
                progress?.Invoke("starting PostgreSQL");
                deployment._postgres = await PostgresInstance.StartAsync(cancellationToken);
            }

            if (nodes > 1)
            {
                progress?.Invoke("starting Redis");
                deployment.Redis = await RedisInstance.StartAsync(cancellationToken);
            }

            for (var i = 0; i < nodes; i++)
            {
                // One at a time: the first node creates the schema and the bootstrap tenant.
                progress?.Invoke($"starting hub node {i + 1} of {nodes} ({store})");
                deployment._hubs.Add(await EmbeddedHub.StartAsync(serverDll, deployment.Credentials, deployment._postgres?.ConnectionString, deployment.Redis?.ConnectionString, cancellationToken));
            }
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }

        return deployment;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hub in _hubs)
        {
            await hub.DisposeAsync();
        }

        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
