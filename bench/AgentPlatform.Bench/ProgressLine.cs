namespace AgentPlatform.Bench;

/// <summary>A "label: done/total" progress line on stderr, redrawn in place on a terminal and printed per quarter otherwise.</summary>
internal sealed class ProgressLine(string label, int total) : IDisposable
{
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private int _lastQuarter;

    public void Report(int done)
    {
        if (_interactive)
        {
            Console.Error.Write($"\r  {label}: {done}/{total} ({100 * done / total}%)   ");
            return;
        }
        int quarter = 4 * done / total;
        if (quarter > _lastQuarter)
        {
            _lastQuarter = quarter;
            Console.Error.WriteLine($"  {label}: {done}/{total}");
        }
    }

    public void Dispose()
    {
        if (_interactive)
            Console.Error.WriteLine();
    }
}
