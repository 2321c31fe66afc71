using System.Diagnostics;

namespace AgentPlatform.Bench;

/// <summary>
/// A "label: done/total" progress line on stderr with the elapsed time and rate, redrawn in place on a terminal and
/// printed at every tenth otherwise (e.g. under nohup, so a long run's log shows how far it got).
/// </summary>
internal sealed class ProgressLine(string label, int total) : IDisposable
{
    private const int Steps = 10;
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private int _lastStep;

    public void Report(int done)
    {
        if (total <= 0)
            return;
        double seconds = _elapsed.Elapsed.TotalSeconds;
        string line = $"  {label}: {done}/{total} ({100L * done / total}%) {seconds:F0} s, {done / Math.Max(seconds, 1e-3):F1}/s";
        if (_interactive)
        {
            Console.Error.Write($"\r{line}   ");
            return;
        }
        int step = (int)(Steps * (long)done / total);
        if (step > _lastStep)
        {
            _lastStep = step;
            Console.Error.WriteLine(line);
        }
    }

    public void Dispose()
    {
        if (_interactive)
            Console.Error.WriteLine();
    }
}
