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
        Os = RuntimeInformation.OSDescription,
        Architecture = RuntimeInformation.ProcessArchitecture.ToString(),
        Runtime = RuntimeInformation.FrameworkDescription,
    };

    /// <summary>The folder holding AgentPlatform.sln, searched upwards from the current directory.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AgentPlatform.sln")))
                return directory.FullName;
        }
        throw new ArgumentException("Run the benchmark inside the repository (no AgentPlatform.sln found above the current directory), or pass --corpus and --results.");
    }
}
