using System.Diagnostics;

namespace AgentPlatform.Bench;

/// <summary>
/// N clients in closed loops (each sends its next query as soon as the previous answer arrives) for warm-up +
/// measurement; a request counts when it starts inside the measurement window (after the warm-up, before the end: the
/// last ones finish after it, so slow requests are not left out). A request that throws HttpRequestException (not 200,
/// or no answer) counts as an error. Queries cycle through the list.
/// </summary>
internal static class ClosedLoop
{
    /// <summary>What a search answered: the server's own time (0 where it reports none) and whether it warned.</summary>
    internal readonly record struct Answer(double ServerMs, bool Warned);

    /// <summary>Latencies are null when no request both started and finished inside the measured window.</summary>
    internal sealed record Row(string Mode, int Clients, int Requests, double RequestsPerSecond,
        double? P50Ms, double? P95Ms, double? P99Ms, double? MeanMs, double? P50ServerMs, double? MeanServerMs, int Errors, int WithWarnings);

    private sealed record Sample(double Ms, double ServerMs, bool Warned);

    public static async Task<Row> RunAsync(string mode, int clients, string[] queries, TimeSpan warmUp, TimeSpan duration,
        Func<string, CancellationToken, Task<Answer>> search, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan end = warmUp + duration;
        int next = -1, errors = 0;
        var perClient = new List<Sample>[clients];
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var samples = perClient[c] = [];
            while (clock.Elapsed < end)
            {
                string query = queries[(int)((uint)Interlocked.Increment(ref next) % (uint)queries.Length)];
                TimeSpan started = clock.Elapsed;
                Answer? answer = null;
                try
                {
                    answer = await search(query, ct);
                }
                catch (HttpRequestException)
                {
                    // Counted below when it falls in the window.
                }
                TimeSpan finished = clock.Elapsed;
                if (started < warmUp)
                    continue;
                if (answer is not { } a)
                    Interlocked.Increment(ref errors);
                else
                    samples.Add(new Sample((finished - started).TotalMilliseconds, a.ServerMs, a.Warned));
            }
        }));

        Sample[] all = [.. perClient.SelectMany(s => s)];
        double[] sorted = [.. all.Select(s => s.Ms).Order()];
        double[] server = [.. all.Select(s => s.ServerMs).Order()];
        double? Rounded(Func<double> value) => all.Length == 0 ? null : Math.Round(value(), 1);
        return new Row(mode, clients, all.Length, Math.Round(all.Length / duration.TotalSeconds, 1),
            Rounded(() => Statistics.Percentile(sorted, 0.50)), Rounded(() => Statistics.Percentile(sorted, 0.95)), Rounded(() => Statistics.Percentile(sorted, 0.99)),
            Rounded(sorted.Average), Rounded(() => Statistics.Percentile(server, 0.50)), Rounded(() => all.Average(s => s.ServerMs)), errors, all.Count(s => s.Warned));
    }
}
