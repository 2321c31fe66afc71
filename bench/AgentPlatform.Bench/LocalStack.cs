using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using AgentPlatform.Domain;

namespace AgentPlatform.Bench;

/// <summary>
/// The platform on the local backend, run as child processes over one data directory, wired the way the AppHost wires
/// it: SQLite files for relational and document data, a Lucene directory, Chroma from the pinned npm package, and
/// Ingestion.Api, Embedding.Worker and Search.Api started from their build output (dotnet &lt;service&gt;.dll) with the
/// AppHost's environment variables. Disposing stops every process; a temporary data directory is then deleted.
/// </summary>
internal sealed class LocalStack : IAsyncDisposable
{
    public const string IngestionApi = "Ingestion.Api";
    public const string EmbeddingWorker = "Embedding.Worker";
    public const string SearchApi = "Search.Api";
    public const string TenantId = "bench";

    /// <summary>A second tenant, for benchmarks that need two (fairness); the other commands only use <see cref="TenantId"/>.</summary>
    public const string SecondTenantId = "bench-b";

    /// <summary>The per-tenant rate limit every service runs with here (the default is 200 requests/s, burst 2x).</summary>
    public const int RateLimitPermitsPerSecond = 1_000_000;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);

    private readonly List<ServiceProcess> _running = [];
    private readonly bool _temporary;
    private readonly HttpClient _probe = new() { Timeout = TimeSpan.FromSeconds(10) };
    private Uri? _chroma;

    private LocalStack(string dataDirectory, bool temporary)
    {
        DataDirectory = dataDirectory;
        _temporary = temporary;
    }

    public string DataDirectory { get; }

    /// <summary>A fresh key per run: the services accept it for <see cref="TenantId"/>.</summary>
    public string ApiKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>A fresh operator key per run (AgentPlatform:OperatorApiKey), for the worker's process-wide figures.</summary>
    public string OperatorApiKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>A fresh key per run for <see cref="SecondTenantId"/>.</summary>
    public string SecondApiKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>True when the data directory already holds a relational store (an earlier run's corpus).</summary>
    /// <summary>Embeddings:Model of every service this stack starts (the bench's --model); null: the default model.</summary>
    public string? EmbeddingModel { get; set; }

    public bool HasData => File.Exists(Path.Combine(DataDirectory, "relational.db"));

    /// <summary>Uses <paramref name="dataDirectory"/> (kept afterwards), or a new temporary directory (deleted afterwards).</summary>
    public static LocalStack Open(string? dataDirectory)
    {
        bool temporary = dataDirectory is null;
        string directory = Path.GetFullPath(dataDirectory ?? Path.Combine(Path.GetTempPath(), "agentplatform-bench-" + Guid.NewGuid().ToString("N")[..8]));
        Directory.CreateDirectory(Path.Combine(directory, "lucene"));
        Directory.CreateDirectory(Path.Combine(directory, "chroma"));
        return new LocalStack(directory, temporary);
    }

    /// <summary><see cref="Open"/> for a benchmark that measures a fresh start (<paramref name="benchmark"/>): a data
    /// directory that already holds stores is refused.</summary>
    public static LocalStack OpenEmpty(string? dataDirectory, string benchmark)
    {
        LocalStack stack = Open(dataDirectory);
        return stack.HasData
            ? throw new UsageException($"--data-dir {stack.DataDirectory} already holds stores; {benchmark} measures a fresh start, so give it a new or empty directory.")
            : stack;
    }

    public async Task<ServiceProcess> StartChromaAsync(CancellationToken ct)
    {
        string package = Path.Combine(BenchEnvironment.RepositoryRoot(), "chroma");
        string cli = Path.Combine("node_modules", "chromadb", "dist", "cli.mjs");
        if (!File.Exists(Path.Combine(package, cli)))
            throw new UsageException($"Chroma is not installed: run 'npm ci' in {package} first.");
        Uri address = LoopbackAddress();
        ServiceProcess chroma = Track(ServiceProcess.Start("chroma", address, "node",
            [cli, "run", "--path", Path.Combine(DataDirectory, "chroma"), "--host", "127.0.0.1", "--port", address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            package, new Dictionary<string, string> { ["ANONYMIZED_TELEMETRY"] = "FALSE" }, LogPath("chroma")));
        await chroma.WaitUntilReadyAsync(_probe, "api/v2/heartbeat", StartTimeout, ct);
        _chroma = address;
        return chroma;
    }

    /// <summary>Starts a platform service (<see cref="IngestionApi"/>, <see cref="EmbeddingWorker"/>, <see cref="SearchApi"/>) and waits for its /health.
    /// <paramref name="settings"/> adds or overrides configuration keys ("Search:EngineTimeout").</summary>
    public async Task<ServiceProcess> StartServiceAsync(string project, CancellationToken ct, IReadOnlyDictionary<string, string>? settings = null)
    {
        string assembly = BenchEnvironment.ServiceAssembly(project);
        Uri address = LoopbackAddress();
        var environment = StoreConfiguration().Concat(new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["AgentPlatform:ApiKeys:0:Key"] = ApiKey,
            ["AgentPlatform:ApiKeys:0:TenantId"] = TenantId,
            ["AgentPlatform:ApiKeys:1:Key"] = SecondApiKey,
            ["AgentPlatform:ApiKeys:1:TenantId"] = SecondTenantId,
            // The worker's process-wide figures (chunks indexed) are for operators only.
            ["AgentPlatform:OperatorApiKey"] = OperatorApiKey,
            // The per-tenant limit (200/s by default) would turn the latency and load benchmarks into rate-limiter benchmarks.
            ["AgentPlatform:RateLimit:PermitsPerSecond"] = RateLimitPermitsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Warnings and errors only: at Information every Chroma call logs several lines (HttpClient, resilience
            // pipeline), and writing them costs the services CPU that the benchmark would count against the pipeline.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        }).Concat(EmbeddingModel is null ? [] : [KeyValuePair.Create("Embeddings:Model", EmbeddingModel)]).Concat(settings ?? new Dictionary<string, string>()).ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value);
        ServiceProcess service = Track(ServiceProcess.Start(project, address, "dotnet", [assembly],
            Path.GetDirectoryName(assembly)!, environment, LogPath(project)));
        await service.WaitUntilReadyAsync(_probe, "health", StartTimeout, ct);
        return service;
    }

    /// <summary>Chroma, then Ingestion.Api and Embedding.Worker side by side: everything ingestion needs.</summary>
    public async Task<(ServiceProcess Chroma, ServiceProcess IngestionApi, ServiceProcess Worker)> StartIngestionAsync(CancellationToken ct)
    {
        ServiceProcess chroma = await StartChromaAsync(ct);
        Task<ServiceProcess> api = StartServiceAsync(IngestionApi, ct);
        Task<ServiceProcess> worker = StartServiceAsync(EmbeddingWorker, ct);
        return (chroma, await api, await worker);
    }

    /// <summary>The backend and the four stores' connection strings, as configuration keys (what the AppHost passes).</summary>
    public IReadOnlyDictionary<string, string> StoreConfiguration()
    {
        Uri chroma = _chroma ?? throw new InvalidOperationException("Start Chroma first: every service's stores include the vector index.");
        return new Dictionary<string, string>
        {
            ["AgentPlatform:Backend"] = nameof(StorageBackend.Local),
            [$"ConnectionStrings:{StoreNames.Relational}"] = $"Data Source={Path.Combine(DataDirectory, "relational.db")}",
            [$"ConnectionStrings:{StoreNames.Documents}"] = $"Data Source={Path.Combine(DataDirectory, "documents.db")}",
            [$"ConnectionStrings:{StoreNames.FullText}"] = Path.Combine(DataDirectory, "lucene"),
            [$"ConnectionStrings:{StoreNames.Vectors}"] = $"Endpoint={chroma.ToString().TrimEnd('/')}",
        };
    }

    public PlatformClient Client(ServiceProcess service) => new(service.Address, ApiKey);

    public PlatformClient SecondTenantClient(ServiceProcess service) => new(service.Address, SecondApiKey);

    /// <summary>Stops one service (SIGTERM, so its stores close cleanly), e.g. the worker once the corpus is indexed.</summary>
    public async Task StopAsync(ServiceProcess service)
    {
        _running.Remove(service);
        await service.StopAsync(StopGrace);
    }

    public async ValueTask DisposeAsync()
    {
        // Services first, Chroma (started first) last.
        for (int i = _running.Count - 1; i >= 0; i--)
            await _running[i].StopAsync(StopGrace);
        _running.Clear();
        _probe.Dispose();
        if (_temporary)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"Could not delete {DataDirectory}: {e.Message}");
            }
        }
    }

    private ServiceProcess Track(ServiceProcess process)
    {
        _running.Add(process);
        return process;
    }

    private string LogPath(string name) => Path.Combine(DataDirectory, "logs", name + ".log");

    /// <summary>A free loopback port: bound by the OS, then released for the child to listen on.</summary>
    private static Uri LoopbackAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
    }
}
