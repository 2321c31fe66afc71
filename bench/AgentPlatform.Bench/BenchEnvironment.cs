using System.Runtime.InteropServices;

namespace AgentPlatform.Bench;

/// <summary>Where the benchmark runs and where its inputs and results live.</summary>
internal static class BenchEnvironment
{
    /// <summary>Cores and OS, e.g. "2core-linux": results from different machines land in different files.</summary>
    public static string MachineName =>
        $"{Environment.ProcessorCount}core-{(OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : OperatingSystem.IsLinux() ? "linux" : "other")}";

    public static object Describe() => new
    {
        Name = MachineName,
        Cores = Environment.ProcessorCount,
        CpuModel = CpuModel(),
        Os = RuntimeInformation.OSDescription,
        Architecture = RuntimeInformation.ProcessArchitecture.ToString(),
        Runtime = RuntimeInformation.FrameworkDescription,
    };

    /// <summary>The processor's model name from /proc/cpuinfo ("n/a" off Linux).</summary>
    public static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "n/a"
            : "n/a";

    /// <summary>The 1, 5 and 15 minute load averages ("n/a" off Linux): on a shared machine they say how busy the neighbours were.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>The folder holding AgentPlatform.sln, searched upwards from the current directory.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AgentPlatform.sln")))
                return directory.FullName;
        }
        throw new UsageException("Run the benchmark inside the repository (no AgentPlatform.sln found above the current directory), or pass --corpus and --results.");
    }

    /// <summary>
    /// A platform service's entry assembly, built in the benchmark's own configuration (the benchmark project references
    /// the services, so building it builds them): src/&lt;project&gt;/bin/&lt;configuration&gt;/&lt;framework&gt;/&lt;project&gt;.dll
    /// of this repository, or of <paramref name="checkout"/> (another commit's worktree, built the same way).
    /// </summary>
    public static string ServiceAssembly(string project, string? checkout = null)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = output.Name;
        string configuration = output.Parent?.Name ?? "Release";
        string path = Path.Combine(checkout ?? RepositoryRoot(), "src", project, "bin", configuration, framework, project + ".dll");
        return File.Exists(path)
            ? path
            : throw new UsageException(checkout is null
                ? $"{path} is missing: build the benchmark first (dotnet build -c {configuration} bench/AgentPlatform.Bench)."
                : $"{path} is missing: build that checkout first (bench/baseline.sh does).");
    }
}
