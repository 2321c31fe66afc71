using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using AgentPlatform.ChromaLauncher;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage;
using AgentPlatform.Storage.Vectors.Chroma;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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

    /// <summary><see cref="Open"/> for a benchmark that searches an earlier run's corpus: a directory without one is refused.</summary>
    public static LocalStack OpenIngested(string dataDirectory)
    {
        LocalStack stack = Open(dataDirectory);
        return stack.HasData
            ? stack
            : throw new UsageException($"{stack.DataDirectory} holds no ingested corpus: run ingest or quality with --data-dir first.");
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
        // Installs the pinned package first when it is missing (npm ci under the lock the AppHost and tests share).
        var package = new ChromaPackage(Path.Combine(BenchEnvironment.RepositoryRoot(), "chroma"));
        await package.EnsureInstalledAsync(cancellationToken: ct);
        Uri address = LoopbackAddress();
        ServiceProcess chroma = Track(ServiceProcess.Start("chroma", address, "node",
            package.RunArguments(Path.Combine(DataDirectory, "chroma"), address.Port),
            package.Directory, ChromaPackage.ServerEnvironment, LogPath("chroma")));
        await chroma.WaitUntilReadyAsync(_probe, ChromaPackage.HeartbeatPath, StartTimeout, ct);
        _chroma = address;
        return chroma;
    }

    /// <summary>The bench-only peer (bench/peers: LanceDB behind a minimal HTTP server) over a fresh folder of the data
    /// directory; installed by <c>npm ci</c> in bench/peers, never by the platform.</summary>
    public async Task<ServiceProcess> StartLanceDbPeerAsync(CancellationToken ct)
    {
        string package = Path.Combine(BenchEnvironment.RepositoryRoot(), "bench", "peers");
        if (!Directory.Exists(Path.Combine(package, "node_modules", "@lancedb", "lancedb")))
            throw new UsageException($"LanceDB is not installed: run 'npm ci' in {package} first.");
        string data = Path.Combine(DataDirectory, "peer-lancedb");
        if (Directory.Exists(data))
            Directory.Delete(data, recursive: true);
        Uri address = LoopbackAddress();
        ServiceProcess peer = Track(ServiceProcess.Start("lancedb", address, "node",
            ["server.mjs", data, address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            package, new Dictionary<string, string> { ["RUST_LOG"] = "error" }, LogPath("lancedb")));
        await peer.WaitUntilReadyAsync(_probe, "health", StartTimeout, ct);
        return peer;
    }

    /// <summary>Starts a platform service (<see cref="IngestionApi"/>, <see cref="EmbeddingWorker"/>, <see cref="SearchApi"/>) and waits for its /health.
    /// <paramref name="settings"/> adds or overrides configuration keys ("Search:EngineTimeout"); <paramref name="checkout"/>
    /// runs another commit's build of it (see <see cref="BenchEnvironment.ServiceAssembly"/>).</summary>
    public async Task<ServiceProcess> StartServiceAsync(string project, CancellationToken ct, IReadOnlyDictionary<string, string>? settings = null,
        string? checkout = null)
    {
        string assembly = BenchEnvironment.ServiceAssembly(project, checkout);
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

    /// <summary>The search projections' stores (full text, vectors, documents) in this process, registered and initialised
    /// as Search.Api does it (Chroma must be running). Not while a service holds the same Lucene directory open.</summary>
    public async Task<IHost> OpenSearchStoresAsync(CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(StoreConfiguration().Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.AddFullTextStore(StoreNames.FullText);
        builder.AddChromaVectorIndex(StoreNames.Vectors);
        builder.AddDocumentStore(StoreNames.Documents);
        IHost host = builder.Build();
        foreach (IStoreInitializer initializer in host.Services.GetServices<IStoreInitializer>())
            await initializer.InitializeAsync(ct);
        return host;
    }

    /// <summary>Lets an older build open this directory's document store: its initializer refuses a file whose recorded
    /// schema version is newer than its own. Each build's initializer records its own version again when it starts (the
    /// steps are idempotent: tables and columns are added when missing), so the newer build is unaffected. Meant for
    /// baselines whose knowledge search reads nothing newer (17aaa1f knows version 3; version 4 added conversation columns).</summary>
    public async Task ForgetDocumentsSchemaVersionsAsync(CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "documents.db")};Pooling=False");
        await connection.OpenAsync(ct);
        await using var forget = connection.CreateCommand();
        forget.CommandText = "DELETE FROM schema_version;";
        await forget.ExecuteNonQueryAsync(ct);
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
