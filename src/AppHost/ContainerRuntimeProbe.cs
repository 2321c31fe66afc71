using System.ComponentModel;
using System.Diagnostics;

namespace AgentPlatform.AppHost;

/// <summary>Asks each container engine whether it answers (<c>docker info</c>, <c>podman info</c>). A CLI on PATH
/// with no daemon behind it is common, so presence of the binary proves nothing.</summary>
internal static class ContainerRuntimeProbe
{
    public sealed record Result(bool Available, string Reason);

    public static async Task<Result> ProbeAsync(TimeSpan timeout, CancellationToken ct)
    {
        var forced = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") ?? Environment.GetEnvironmentVariable("DOTNET_ASPIRE_CONTAINER_RUNTIME");
        string[] engines = forced is { Length: > 0 } ? [forced] : ["docker", "podman"];
        var reasons = new List<string>();
        foreach (var engine in engines)
        {
            var (ok, reason) = await AskAsync(engine, timeout, ct);
            if (ok) return new Result(true, $"'{engine} info' answered");
            reasons.Add(reason);
        }
        return new Result(false, string.Join("; ", reasons));
    }

    private static async Task<(bool Ok, string Reason)> AskAsync(string engine, TimeSpan timeout, CancellationToken ct)
    {
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo(engine, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new Win32Exception($"{engine} did not start");
        }
        catch (Win32Exception)
        {
            return (false, $"'{engine}' is not installed");
        }
        using (process)
        {
            var drainOut = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return (false, $"'{engine} info' did not answer within {timeout.TotalSeconds:0} s");
            }
            await drainOut;
            if (process.ExitCode == 0) return (true, "");
            var firstLine = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
            return (false, $"'{engine} info' failed (exit {process.ExitCode}{(firstLine.Length > 0 ? ": " + firstLine : "")})");
        }
    }
}
