using System.Diagnostics;
using AgentPlatform.ChromaLauncher;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Vectors;

/// <summary>The launcher's install step, on copies of the repository's chroma/ package (package.json and
/// package-lock.json only) in the temporary directory: the repository's own node_modules is never touched.</summary>
public sealed class ChromaPackageTests : IDisposable
{
    private static readonly ChromaPackage Repository = ChromaPackage.InRepositoryAbove(AppContext.BaseDirectory);
    private readonly string _copy = Path.Combine(Path.GetTempPath(), $"agentplatform-chroma-package-{Guid.NewGuid():N}");

    public ChromaPackageTests()
    {
        Directory.CreateDirectory(_copy);
        foreach (var file in new[] { "package.json", "package-lock.json" })
            File.Copy(Path.Combine(Repository.Directory, file), Path.Combine(_copy, file));
    }

    public void Dispose() => Directory.Delete(_copy, recursive: true);

    [Fact]
    [Trait(TestSpeed.Trait, TestSpeed.Slow)]
    public async Task A_missing_package_is_installed_once_for_concurrent_callers_and_then_runs_a_server()
    {
        var ct = TestContext.Current.CancellationToken;
        var package = new ChromaPackage(_copy);
        Assert.False(package.IsInstalled);

        // Two callers at once (as two test processes would be): one installs, the other waits on the lock and finds it done.
        var installs = await Task.WhenAll(package.EnsureInstalledAsync(cancellationToken: ct), new ChromaPackage(_copy).EnsureInstalledAsync(cancellationToken: ct));

        Assert.Equal(1, installs.Count(installed => installed));
        Assert.True(package.IsInstalled);
        Assert.False(await package.EnsureInstalledAsync(cancellationToken: ct));

        // What was installed is a working Chroma, started with the launcher's command line.
        var port = ChromaServerFixture.FreeTcpPort();
        var start = new ProcessStartInfo("node") { WorkingDirectory = package.Directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in ChromaPackage.ServerEnvironment)
            start.Environment[key] = value;
        foreach (var argument in package.RunArguments(Path.Combine(_copy, "data"), port))
            start.ArgumentList.Add(argument);
        using var chroma = Process.Start(start)!;
        chroma.OutputDataReceived += (_, _) => { };
        chroma.ErrorDataReceived += (_, _) => { };
        chroma.BeginOutputReadLine();
        chroma.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://{ChromaPackage.Host}:{port}/"), Timeout = TimeSpan.FromSeconds(2) };
            var heartbeat = await Eventually.AnswersAsync("the installed Chroma answering its heartbeat",
                token => chroma.HasExited ? throw new InvalidOperationException($"Chroma exited with {chroma.ExitCode}") : http.GetAsync(ChromaPackage.HeartbeatPath, token),
                answer => answer.IsSuccess, cancellationToken: ct);
            Assert.Contains("nanosecond heartbeat", heartbeat.Body);
        }
        finally
        {
            chroma.Kill(entireProcessTree: true);
            await chroma.WaitForExitAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Without_npm_a_missing_package_fails_naming_the_directory_and_what_to_install()
    {
        var package = new ChromaPackage(_copy, npm: "npm-is-not-installed-here");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => package.EnsureInstalledAsync(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(_copy, error.Message);
        Assert.Contains("Node.js", error.Message);
        Assert.Contains("npm ci", error.Message);
        Assert.False(package.IsInstalled);
    }

    [Fact]
    public async Task An_installed_package_is_left_alone()
    {
        // The repository's package is installed by whoever ran first (the fixture, CI or a developer); an npm that
        // cannot start proves no install is attempted.
        await new ChromaPackage(Repository.Directory).EnsureInstalledAsync(cancellationToken: TestContext.Current.CancellationToken);
        var package = new ChromaPackage(Repository.Directory, npm: "npm-is-not-installed-here");

        Assert.True(package.IsInstalled);
        Assert.False(await package.EnsureInstalledAsync(cancellationToken: TestContext.Current.CancellationToken));
    }
}
