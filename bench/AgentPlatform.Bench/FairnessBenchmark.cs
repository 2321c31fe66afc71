using System.Diagnostics;
using System.Text;
using AgentPlatform.Bench.Commands;
using AgentPlatform.Contracts;
using AgentPlatform.Knowledge;
using static AgentPlatform.Bench.Format;

namespace AgentPlatform.Bench;

/// <summary>
/// Fairness of the worker's claims across tenants: tenant A posts a few large entries in one batch; once the worker is
/// on them, tenant B posts one short entry. The figure is B's time from its POST to Indexed while A's batch is still
/// in progress, beside A's own time to all Indexed. Without fair claims B would wait for A's whole batch.
/// </summary>
internal static class FairnessBenchmark
{
    internal const int DefaultLargeEntries = 4;
    internal const int DefaultLargeCharacters = 1_000_000;
    internal const int DefaultTimeoutSeconds = 900;
    private const int SmallEntrySentences = 4;
    private const int SentencesPerParagraph = 8;

    /// <summary>Long enough for the worker to claim A's batch and start its first round before B posts.</summary>
    private static readonly TimeSpan SecondTenantDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private sealed record EntryTiming(string Tenant, Guid Id, int Characters, double PostedAtSeconds, double? IndexedAfterSeconds, string Status);

    public static async Task RunAsync(FairnessOptions options, CancellationToken ct)
    {
        int largeEntries = options.Large;
        int largeCharacters = options.LargeBytes;
        var timeout = TimeSpan.FromSeconds(options.Timeout);
        if (largeCharacters > KnowledgeRules.MaxContentLength)
            throw new UsageException($"--large-bytes is {largeCharacters}; an entry's content is limited to {KnowledgeRules.MaxContentLength} characters.");

        var random = new Random(14);
        KnowledgeInput[] large = [.. Enumerable.Range(0, largeEntries).Select(i => LargeEntry(random, i, largeCharacters))];
        KnowledgeInput small = SmallEntry(random);

        await using LocalStack stack = LocalStack.OpenEmpty(options.DataDirectory, "fairness");
        Console.WriteLine($"Starting Chroma, Ingestion.Api and Embedding.Worker over {stack.DataDirectory}...");
        var (chroma, api, worker) = await stack.StartIngestionAsync(ct);
        using PlatformClient tenantA = stack.Client(api);
        using PlatformClient tenantB = stack.SecondTenantClient(api);
        ServiceProcess[] watched = [chroma, api, worker];

        string loadBefore = BenchEnvironment.LoadAverage();
        Console.WriteLine($"Tenant {LocalStack.TenantId}: {largeEntries} entries of {largeCharacters} characters in one batch; load average {loadBefore}.");
        var clock = Stopwatch.StartNew();
        Guid[] largeIds = await PostAsync(tenantA, large, ct);
        await Task.Delay(SecondTenantDelay, ct);
        IngestionStatus statusA = await tenantA.GetIngestionStatusAsync(ct);
        Console.WriteLine($"After {clock.Elapsed.TotalSeconds:F1} s: tenant {LocalStack.TenantId} has {statusA.Pending} pending, {statusA.Indexed} indexed; "
            + $"tenant {LocalStack.SecondTenantId} posts one entry of {small.Content!.Length} characters.");
        double smallPostedAt = clock.Elapsed.TotalSeconds;
        Guid smallId = (await PostAsync(tenantB, [small], ct))[0];

        var timings = largeIds.Select((id, i) => new EntryTiming(LocalStack.TenantId, id, large[i].Content!.Length, 0, null, nameof(KnowledgeStatus.Pending)))
            .Append(new EntryTiming(LocalStack.SecondTenantId, smallId, small.Content.Length, Math.Round(smallPostedAt, 2), null, nameof(KnowledgeStatus.Pending)))
            .ToList();
        while (timings.Any(t => t.Status == nameof(KnowledgeStatus.Pending)) && clock.Elapsed < timeout)
        {
            await Task.Delay(PollInterval, ct);
            foreach (ServiceProcess process in watched)
                process.EnsureRunning();
            for (int i = 0; i < timings.Count; i++)
            {
                if (timings[i].Status != nameof(KnowledgeStatus.Pending))
                    continue;
                PlatformClient client = timings[i].Tenant == LocalStack.TenantId ? tenantA : tenantB;
                KnowledgeEntrySummary entry = await client.GetKnowledgeAsync(timings[i].Id, ct);
                if (entry.Status == nameof(KnowledgeStatus.Pending))
                    continue;
                timings[i] = timings[i] with { Status = entry.Status, IndexedAfterSeconds = Math.Round(clock.Elapsed.TotalSeconds - timings[i].PostedAtSeconds, 2) };
                Console.WriteLine($"{clock.Elapsed.TotalSeconds,7:F1} s: tenant {timings[i].Tenant}'s entry of {timings[i].Characters} characters is {entry.Status}{(entry.Error is null ? "" : $" ({entry.Error})")}.");
            }
        }
        string loadAfter = BenchEnvironment.LoadAverage();

        EntryTiming smallTiming = timings[^1];
        List<EntryTiming> largeTimings = timings[..^1];
        bool largeDone = largeTimings.All(t => t.IndexedAfterSeconds is not null);
        double? largeBatchSeconds = largeDone ? largeTimings.Max(t => t.IndexedAfterSeconds) : null;
        bool timedOut = timings.Any(t => t.Status == nameof(KnowledgeStatus.Pending));

        var table = new ResultTable("tenant", "entries", "characters each", "posted at s", "POST to Indexed s");
        table.Add(LocalStack.TenantId, F(largeEntries), F(largeCharacters), F(0, 1), F(largeBatchSeconds, 1));
        table.Add(LocalStack.SecondTenantId, F(1), F(small.Content.Length), F(smallTiming.PostedAtSeconds, 1), F(smallTiming.IndexedAfterSeconds, 1));
        table.Print();
        string summary = $"""
            - tenant {LocalStack.SecondTenantId}'s entry: **{F(smallTiming.IndexedAfterSeconds, 1)} s** from POST to {smallTiming.Status}, posted {smallTiming.PostedAtSeconds:F1} s after tenant {LocalStack.TenantId}'s batch ({statusA.Pending} of its entries pending then)
            - tenant {LocalStack.TenantId}'s batch: {F(largeBatchSeconds, 1)} s from POST to all indexed; each entry: {string.Join(", ", largeTimings.Select(t => $"{F(t.IndexedAfterSeconds, 1)} s ({t.Status})"))}
            - {(timedOut ? $"stopped by --timeout ({timeout.TotalSeconds:F0} s) with entries still pending" : "every entry left Pending")}
            - load average (1/5/15 min) before: {loadBefore}; after: {loadAfter}
            """;
        Console.WriteLine(summary);

        string name = "fairness"
            + (largeEntries != DefaultLargeEntries || largeCharacters != DefaultLargeCharacters ? $"-{largeEntries}x{largeCharacters}" : "")
            + $"-{BenchEnvironment.MachineName}";
        await ResultFiles.WriteAsync(options.ResultsDirectory, name, new
        {
            Benchmark = "fairness",
            Machine = BenchEnvironment.Describe(),
            MeasuredAt = DateTimeOffset.UtcNow,
            LoadAverage = new { Before = loadBefore, After = loadAfter },
            LargeEntries = largeEntries,
            LargeCharacters = largeCharacters,
            SmallCharacters = small.Content.Length,
            TimeoutSeconds = timeout.TotalSeconds,
            TimedOut = timedOut,
            FirstTenantPendingWhenSecondPosted = statusA.Pending,
            SecondTenantSeconds = smallTiming.IndexedAfterSeconds,
            FirstTenantBatchSeconds = largeBatchSeconds,
            Entries = timings,
        }, $"""
            # Fairness: one tenant's short entry during another tenant's large batch

            Machine: {BenchEnvironment.MachineName} ({Environment.ProcessorCount} cores, shared with other work), {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.
            Local backend: SQLite, Lucene.NET, Chroma (npm package pinned in chroma/package.json); all-MiniLM-L6-v2 on ONNX Runtime (CPU).
            Tenant {LocalStack.TenantId} posts {largeEntries} entries of {largeCharacters} characters in one batch; {SecondTenantDelay.TotalSeconds:F0} s later tenant {LocalStack.SecondTenantId} posts one entry; each entry's GET polled every {PollInterval.TotalMilliseconds:F0} ms.

            {table.ToMarkdown()}
            {summary}
            """);
    }

    private static async Task<Guid[]> PostAsync(PlatformClient client, IReadOnlyList<KnowledgeInput> entries, CancellationToken ct)
    {
        BatchResponse response = await client.AddBatchAsync(entries, ct);
        return response.Created == entries.Count
            ? [.. response.Items.Select(item => item.Id!.Value)]
            : throw new InvalidOperationException($"{entries.Count} entries posted, {response.Created} created ({response.Duplicates} duplicates, {response.Invalid} invalid).");
    }

    /// <summary>Paragraphs of generated sentences up to <paramref name="characters"/>, unique through the title's token.</summary>
    private static KnowledgeInput LargeEntry(Random random, int index, int characters)
    {
        var content = new StringBuilder(characters);
        for (int sentences = 0; ; sentences++)
        {
            string separator = sentences == 0 ? "" : sentences % SentencesPerParagraph == 0 ? "\n\n" : " ";
            string sentence = LoadText.Sentence(random);
            if (content.Length + separator.Length + sentence.Length > characters)
                break;
            content.Append(separator).Append(sentence);
        }
        return new KnowledgeInput($"Large entry {index} {LoadText.Token(random)}", content.ToString(), LoadText.Pick(random, LoadText.Categories), Source: "fairness");
    }

    private static KnowledgeInput SmallEntry(Random random) =>
        new($"Small entry {LoadText.Token(random)}", string.Join(' ', Enumerable.Range(0, SmallEntrySentences).Select(_ => LoadText.Sentence(random))),
            LoadText.Pick(random, LoadText.Categories), Source: "fairness");
}
