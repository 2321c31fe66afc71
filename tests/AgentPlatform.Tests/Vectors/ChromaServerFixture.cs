using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AgentPlatform.Storage.Vectors.Chroma;

namespace AgentPlatform.Tests.Vectors;

/// <summary>A real Chroma server from the repository's pinned npm package (chroma/), on a free port with a
/// throw-away data directory, shared by the tests of <see cref="ChromaServerCollection"/> and killed afterwards.</summary>
public sealed class ChromaServerFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly ConcurrentQueue<string> _log = new();
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"agentplatform-chroma-{Guid.NewGuid():N}");
    private Process? _process;

    public Uri Endpoint { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public ChromaClient Client { get; private set; } = null!;
    public ChromaVectorIndexOptions Options { get; } = new();

    public async ValueTask InitializeAsync()
    {
        var packageDirectory = Path.Combine(FindRepositoryRoot(), "chroma");
        var cli = Path.Combine(packageDirectory, "node_modules", "chromadb", "dist", "cli.mjs");
        if (!File.Exists(cli))
            throw new InvalidOperationException($"Chroma is not installed ({cli} is missing). Run `cd chroma && npm ci` in the repository root first.");

        var port = FreeTcpPort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = packageDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["ANONYMIZED_TELEMETRY"] = "FALSE" },
        };
        foreach (var arg in new[] { cli, "run", "--path", _dataDirectory, "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        Http = new HttpClient { BaseAddress = Endpoint, Timeout = TimeSpan.FromSeconds(30) };
        Client = new ChromaClient(Http);
        await WaitForHeartbeatAsync();
        await new ChromaStoreInitializer(Client, Options).InitializeAsync(CancellationToken.None);
    }

    public ChromaVectorIndex CreateIndex(int maxBatchSize = 256) => new(Client, Options with { MaxBatchSize = maxBatchSize });

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Chroma never wrote anything.
        }
    }

    /// <summary>A port that nothing listens on (bound, read, released).</summary>
    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitForHeartbeatAsync()
    {
        using var probe = new HttpClient { BaseAddress = Endpoint, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"Chroma exited with code {_process.ExitCode} before answering:\n{Log}");
            try
            {
                using var response = await probe.GetAsync("api/v2/heartbeat");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Chroma did not answer {Endpoint}api/v2/heartbeat within {StartTimeout.TotalSeconds} s:\n{Log}");
    }

    private string Log => string.Join('\n', _log);

    private void Remember(string? line)
    {
        if (line is null)
            return;
        _log.Enqueue(line);
        while (_log.Count > 40)
            _log.TryDequeue(out _);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AgentPlatform.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No AgentPlatform.sln above {AppContext.BaseDirectory}.");
    }
}

[CollectionDefinition(Name)]
public sealed class ChromaServerCollection : ICollectionFixture<ChromaServerFixture>
{
    public const string Name = "Chroma server";
}
