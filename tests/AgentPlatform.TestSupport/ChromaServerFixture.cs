using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AgentPlatform.ChromaLauncher;
using AgentPlatform.TestSupport;
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
        // Installs the pinned package on a fresh clone (npm ci, once, under a lock other test processes share).
        var package = ChromaPackage.InRepositoryAbove(AppContext.BaseDirectory);
        await package.EnsureInstalledAsync();

        var port = FreeTcpPort();
        Endpoint = new Uri($"http://{ChromaPackage.Host}:{port}/");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = package.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in ChromaPackage.ServerEnvironment)
            start.Environment[key] = value;
        foreach (var arg in package.RunArguments(_dataDirectory, port))
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
        try
        {
            await Eventually.AnswersAsync($"Chroma answering {Endpoint}{ChromaPackage.HeartbeatPath}",
                ct => _process!.HasExited
                    ? throw new InvalidOperationException($"Chroma exited with code {_process.ExitCode} before answering:\n{Log}")
                    : probe.GetAsync(ChromaPackage.HeartbeatPath, ct),
                answer => answer.IsSuccess, StartTimeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{Log}", e);
        }
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
}
