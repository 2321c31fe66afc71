using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AgentPlatform.ChromaLauncher;

/// <summary>
/// The pinned Chroma npm package (a directory with package.json and package-lock.json pinning chromadb): where its CLI
/// is, the command line that runs a server, and <see cref="EnsureInstalledAsync"/>, which runs <c>npm ci</c> there
/// when node_modules is missing, so a fresh clone needs no manual install step.
/// </summary>
public sealed class ChromaPackage
{
    /// <summary>Chroma's liveness route (API v2), relative to the server's address.</summary>
    public const string HeartbeatPath = "api/v2/heartbeat";

    /// <summary>Chroma listens on loopback only: every caller (AppHost, tests, bench) runs on the same machine.</summary>
    public const string Host = "127.0.0.1";

    private static readonly TimeSpan LockRetry = TimeSpan.FromMilliseconds(250);
    private readonly string _npm;

    /// <param name="directory">The package directory (package.json, package-lock.json).</param>
    /// <param name="npm">The npm command, resolved on PATH; another name lets a test see the "npm missing" error.</param>
    public ChromaPackage(string directory, string npm = "npm")
    {
        Directory = Path.GetFullPath(directory);
        _npm = npm;
    }

    public string Directory { get; }

    /// <summary>The CLI that <c>node</c> runs (<c>node cli.mjs run ...</c>).</summary>
    public string CliPath => Path.Combine(Directory, "node_modules", "chromadb", "dist", "cli.mjs");

    public bool IsInstalled => File.Exists(CliPath);

    /// <summary>The environment every Chroma server gets: no usage telemetry leaves the machine.</summary>
    public static IReadOnlyDictionary<string, string> ServerEnvironment { get; } = new Dictionary<string, string> { ["ANONYMIZED_TELEMETRY"] = "FALSE" };

    /// <summary>The repository's package (chroma/ beside AgentPlatform.sln), found from <paramref name="startDirectory"/> upwards.</summary>
    public static ChromaPackage InRepositoryAbove(string startDirectory)
    {
        for (var directory = new DirectoryInfo(startDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AgentPlatform.sln")))
                return new ChromaPackage(Path.Combine(directory.FullName, "chroma"));
        }
        throw new InvalidOperationException($"No AgentPlatform.sln above {startDirectory}: the Chroma package (chroma/) is found beside it.");
    }

    /// <summary>The arguments of <c>node</c> that run a server over <paramref name="dataDirectory"/> on
    /// <paramref name="port"/>. The port is an object so that the AppHost can pass an endpoint reference that Aspire
    /// resolves at start; other callers pass a number.</summary>
    public IReadOnlyList<object> RunArguments(string dataDirectory, object port) =>
        [CliPath, "run", "--path", dataDirectory, "--host", Host, "--port", port];

    /// <summary><see cref="RunArguments"/> as strings, for a process started directly.</summary>
    public IReadOnlyList<string> RunArguments(string dataDirectory, int port) =>
        [.. RunArguments(dataDirectory, (object)port).Select(argument => Convert.ToString(argument, CultureInfo.InvariantCulture)!)];

    /// <summary>
    /// Runs <c>npm ci</c> in the package directory unless the package is installed. Concurrent callers, in this process
    /// or others (test assemblies run in parallel, the AppHost tests start AppHosts), take turns on a lock file, and
    /// whoever gets it second finds the package installed. Returns true when this call installed it.
    /// </summary>
    /// <param name="log">Receives npm's output lines (e.g. a resource's log in the dashboard).</param>
    public async Task<bool> EnsureInstalledAsync(Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        if (IsInstalled)
            return false;
        await using var installLock = await AcquireInstallLockAsync(cancellationToken);
        if (IsInstalled)
            return false;
        await RunNpmCiAsync(log, cancellationToken);
        return IsInstalled
            ? true
            : throw new InvalidOperationException($"`npm ci` in {Directory} succeeded but {CliPath} is still missing: does package.json pin chromadb?");
    }

    private async Task RunNpmCiAsync(Action<string>? log, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_npm)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" })
            start.ArgumentList.Add(argument);

        var output = new Queue<string>();
        void Remember(string? line)
        {
            if (line is null)
                return;
            lock (output)
            {
                output.Enqueue(line);
                if (output.Count > 40)
                    output.Dequeue();
            }
            log?.Invoke(line);
        }

        using var npm = new Process { StartInfo = start };
        npm.OutputDataReceived += (_, e) => Remember(e.Data);
        npm.ErrorDataReceived += (_, e) => Remember(e.Data);
        try
        {
            npm.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"Chroma is not installed in {Directory} and `{_npm}` could not be started to install it ({e.Message}). " +
                "Install Node.js 20+ with npm (https://nodejs.org), or run `npm ci` in that directory yourself.", e);
        }
        npm.BeginOutputReadLine();
        npm.BeginErrorReadLine();
        try
        {
            await npm.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            npm.Kill(entireProcessTree: true);
            throw;
        }
        if (npm.ExitCode != 0)
        {
            string tail;
            lock (output)
                tail = string.Join('\n', output);
            throw new InvalidOperationException($"`{_npm} ci` in {Directory} failed with exit code {npm.ExitCode}:\n{tail}");
        }
    }

    /// <summary>An exclusive lock file in the temporary directory, named for the package directory (not inside it:
    /// npm ci replaces node_modules and the repository stays clean). FileShare.None is an exclusive flock on Unix and
    /// a sharing violation on Windows, so a second opener, in any process, waits here.</summary>
    private async Task<FileStream> AcquireInstallLockAsync(CancellationToken cancellationToken)
    {
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Directory)))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"agentplatform-chroma-install-{name}.lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                // Another caller is installing; it releases the lock when npm ci ends.
                await Task.Delay(LockRetry, cancellationToken);
            }
        }
    }
}
