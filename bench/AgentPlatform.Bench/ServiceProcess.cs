using System.Diagnostics;

namespace AgentPlatform.Bench;

/// <summary>Memory and processor time of a child process. PeakResidentMb is the OS's high-water mark (VmHWM in
/// /proc/&lt;pid&gt;/status on Linux, which Process.PeakWorkingSet64 reads), so one reading at the end gives the peak.</summary>
internal sealed record ProcessUsage(double PeakResidentMb, double ResidentMb, double CpuSeconds);

/// <summary>
/// A child process (a platform service or Chroma) whose output goes to a log file. It is killed, with its children,
/// when disposed, and by <see cref="KillAll"/> when the benchmark exits any other way (Ctrl+C, SIGTERM, an exception).
/// </summary>
internal sealed class ServiceProcess : IDisposable
{
    private static readonly List<ServiceProcess> Running = [];
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();
    private bool _logClosed;

    private ServiceProcess(string name, Uri address, Process process, string logPath, StreamWriter log)
    {
        Name = name;
        Address = address;
        _process = process;
        LogPath = logPath;
        _log = log;
    }

    public string Name { get; }

    /// <summary>Where the process listens, e.g. http://127.0.0.1:5123/.</summary>
    public Uri Address { get; }

    public string LogPath { get; }

    public int Id => _process.Id;

    public static ServiceProcess Start(string name, Uri address, string fileName, IEnumerable<string> arguments,
        string workingDirectory, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        var service = new ServiceProcess(name, address, process, logPath, log);
        process.OutputDataReceived += (_, e) => service.WriteLog(e.Data);
        process.ErrorDataReceived += (_, e) => service.WriteLog(e.Data);
        lock (Running)
        {
            process.Start();
            Running.Add(service);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Kills every child still running: the last line of defence on Ctrl+C or SIGTERM.</summary>
    public static void KillAll()
    {
        ServiceProcess[] running;
        lock (Running)
            running = [.. Running];
        foreach (ServiceProcess service in running)
            service.Dispose();
    }

    /// <summary>Polls GET <paramref name="path"/> until it answers 200; fails early, with the log's tail, if the process exits.</summary>
    public async Task WaitUntilReadyAsync(HttpClient http, string path, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready.\n{LogTail()}");
            try
            {
                using var response = await http.GetAsync(new Uri(Address, path), ct);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (deadline.Elapsed > timeout)
                throw new TimeoutException($"{Name} was not ready at {new Uri(Address, path)} within {timeout.TotalSeconds:0} s.\n{LogTail()}");
            await Task.Delay(250, ct);
        }
    }

    public void EnsureRunning()
    {
        if (_process.HasExited)
            throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}.\n{LogTail()}");
    }

    public ProcessUsage ReadUsage()
    {
        _process.Refresh();
        return new ProcessUsage(
            Math.Round(_process.PeakWorkingSet64 / 1048576.0, 1),
            Math.Round(_process.WorkingSet64 / 1048576.0, 1),
            Math.Round(_process.TotalProcessorTime.TotalSeconds, 2));
    }

    /// <summary>The last lines the process wrote, for error messages.</summary>
    public string LogTail(int lines = 30)
    {
        lock (_logGate)
            _log.Flush();
        string[] all = File.ReadAllLines(LogPath);
        return $"--- last lines of {LogPath} ---\n" + string.Join('\n', all.TakeLast(lines));
    }

    /// <summary>Asks the process to stop (SIGTERM, so stores flush and close) and kills it if it has not stopped within the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited || OperatingSystem.IsWindows())
            return;
        using (var signal = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])))
            await signal!.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"{Name} did not stop within {grace.TotalSeconds:0} s of SIGTERM; killing it.");
        }
        Dispose();
    }

    public void Dispose()
    {
        lock (Running)
        {
            if (!Running.Remove(this))
                return;
        }
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        _process.Dispose();
        lock (_logGate)
        {
            _logClosed = true;
            _log.Dispose();
        }
    }

    private void WriteLog(string? line)
    {
        if (line is null)
            return;
        lock (_logGate)
        {
            // Lines can arrive after Dispose closed the log; they are dropped.
            if (!_logClosed)
                _log.WriteLine(line);
        }
    }
}
