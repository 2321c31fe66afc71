using System.Diagnostics;
using System.Text;
using AgentPlatform.Bench.Commands;
using AgentPlatform.Ports;
using AgentPlatform.Storage.FullText.Lucene;
using static AgentPlatform.Bench.Format;

namespace AgentPlatform.Bench;

/// <summary>
/// One client's expensive full-text queries against another's cheap ones, in-process on the Lucene adapter (issue 14: a
/// 2,048-character query of ~400 unknown words ran for seconds, past the engine timeout, and other clients' searches
/// waited behind it). The corpus is written into a fresh Lucene directory; a cheap client sends the test queries one at
/// a time, first alone, then while --expensive-clients closed loops send generated 2,048-character queries of random
/// words. Every search runs under a token cancelled after --engine-timeout-ms, as Search.Api's engine timeout does.
/// </summary>
internal static class ContentionBenchmark
{
    private const int Candidates = 50;
    private const int ExpensiveQueryLength = 2048;

    private sealed record Phase(string Name, int CheapSearches, double CheapP50Ms, double CheapP95Ms, double CheapMaxMs,
        int ExpensiveSearches, double ExpensiveP50Ms, double ExpensiveMaxMs, int ExpensiveStoppedAtDeadline, string LoadAverage);

    public static async Task RunAsync(ContentionOptions options, CancellationToken ct)
    {
        var dataset = BeirDataset.Open(options.DatasetDirectory);
        int expensiveClients = options.ExpensiveClients;
        var seconds = TimeSpan.FromSeconds(options.Seconds);
        var timeout = TimeSpan.FromMilliseconds(options.EngineTimeoutMs);
        IReadOnlyList<BeirDocument> documents = await dataset.ReadCorpusAsync();
        IReadOnlyDictionary<string, string> queryTexts = await dataset.ReadQueriesAsync();
        var qrels = await dataset.ReadTestQrelsAsync();
        string[] cheapQueries = [.. qrels.Keys.Where(queryTexts.ContainsKey).Select(id => queryTexts[id])];
        using var corpus = await TemporaryLuceneCorpus.CreateAsync(dataset, documents, ct);
        var index = corpus.Index;
        Console.WriteLine($"{dataset.Name}: {documents.Count} documents indexed; {expensiveClients} expensive clients, {seconds.TotalSeconds:0} s per phase, engine timeout {timeout.TotalMilliseconds:0} ms; load average {BenchEnvironment.LoadAverage()}.");

        await RunPhaseAsync(index, "warm-up", cheapQueries, 0, TimeSpan.FromSeconds(2), timeout, ct);
        Phase[] phases =
        [
            await RunPhaseAsync(index, "cheap client alone", cheapQueries, 0, seconds, timeout, ct),
            await RunPhaseAsync(index, $"beside {expensiveClients} expensive clients", cheapQueries, expensiveClients, seconds, timeout, ct),
        ];
        var table = new ResultTable("phase", "cheap searches", "cheap p50 ms", "cheap p95 ms", "cheap max ms",
            "expensive searches", "expensive p50 ms", "expensive max ms", "stopped at deadline", "load average");
        foreach (Phase p in phases)
        {
            table.Add(p.Name, F(p.CheapSearches), F(p.CheapP50Ms, 1), F(p.CheapP95Ms, 1), F(p.CheapMaxMs, 1),
                F(p.ExpensiveSearches), F(p.ExpensiveP50Ms, 1), F(p.ExpensiveMaxMs, 1), F(p.ExpensiveStoppedAtDeadline), p.LoadAverage);
        }
        table.Print();
        await ResultFiles.WriteAsync(options.ResultsDirectory, $"contention-{dataset.Name}-{BenchEnvironment.MachineName}", new
        {
            Benchmark = "contention",
            Machine = BenchEnvironment.Describe(),
            Dataset = dataset.Name,
            Documents = documents.Count,
            ExpensiveClients = expensiveClients,
            ExpensiveQueryLength,
            EngineTimeoutMs = timeout.TotalMilliseconds,
            SecondsPerPhase = seconds.TotalSeconds,
            MeasuredAt = DateTimeOffset.UtcNow,
            Phases = phases,
        }, $"""
            # Full-text contention in-process: {dataset.Name}

            {documents.Count} documents in a Lucene directory written through LuceneFullTextIndex. A cheap client sends the {cheapQueries.Length}
            test queries one at a time (limit {Candidates}, typo handling on, no highlights: Search.Api's candidate pass), alone and then
            beside {expensiveClients} closed loops of generated {ExpensiveQueryLength}-character queries of random words (almost none in the corpus),
            {seconds.TotalSeconds:0} s each; every search under a token cancelled after {timeout.TotalMilliseconds:0} ms (Search.Api's engine timeout).
            Machine: {BenchEnvironment.MachineName} (shared: see the load average per phase), {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.

            {table.ToMarkdown()}
            """);
    }

    private static async Task<Phase> RunPhaseAsync(LuceneFullTextIndex index, string name, string[] cheapQueries, int expensiveClients,
        TimeSpan duration, TimeSpan timeout, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(duration);
        var expensive = Enumerable.Range(0, expensiveClients)
            .Select(client => Task.Factory.StartNew(() => Loop(index, client, q => ExpensiveQuery(new Random(q * 7919 + client)), timeout, stop.Token),
                ct, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToList();
        var cheap = await Task.Factory.StartNew(() => Loop(index, 0, q => cheapQueries[q % cheapQueries.Length], timeout, stop.Token),
            ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var expensiveTimes = (await Task.WhenAll(expensive)).SelectMany(t => t.Times).Order().ToArray();
        var cheapTimes = cheap.Times.Order().ToArray();
        return new Phase(name, cheapTimes.Length,
            Math.Round(Statistics.Percentile(cheapTimes, 0.5), 1), Math.Round(Statistics.Percentile(cheapTimes, 0.95), 1), Math.Round(cheapTimes.LastOrDefault(), 1),
            expensiveTimes.Length,
            expensiveTimes.Length > 0 ? Math.Round(Statistics.Percentile(expensiveTimes, 0.5), 1) : 0,
            Math.Round(expensiveTimes.LastOrDefault(), 1),
            cheap.Stopped + (await Task.WhenAll(expensive)).Sum(t => t.Stopped),
            BenchEnvironment.LoadAverage());
    }

    /// <summary>Searches until <paramref name="stop"/>; each search's milliseconds, and how many its deadline stopped.</summary>
    private static (List<double> Times, int Stopped) Loop(LuceneFullTextIndex index, int client, Func<int, string> queryText, TimeSpan timeout, CancellationToken stop)
    {
        var times = new List<double>();
        int stopped = 0;
        for (int q = 0; !stop.IsCancellationRequested; q++)
        {
            using var deadline = new CancellationTokenSource(timeout);
            long started = Stopwatch.GetTimestamp();
            try
            {
                index.SearchAsync(FullTextIndexName.Knowledge,
                    new FullTextQuery(TemporaryLuceneCorpus.Tenant, queryText(q), new SearchFilter(), 0, Candidates, Highlight: false, WithContent: false), deadline.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                stopped++;
            }
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return (times, stopped);
    }

    /// <summary>Random lowercase words of 3 to 9 letters up to the query length limit: almost every one is unknown to the corpus,
    /// so each is a candidate for fuzzy expansion.</summary>
    private static string ExpensiveQuery(Random random)
    {
        var text = new StringBuilder(ExpensiveQueryLength);
        while (true)
        {
            int length = random.Next(3, 10);
            if (text.Length + length + 1 > ExpensiveQueryLength)
                return text.ToString();
            if (text.Length > 0) text.Append(' ');
            for (int i = 0; i < length; i++)
                text.Append((char)('a' + random.Next(26)));
        }
    }
}
