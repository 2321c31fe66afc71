using AgentPlatform.Bench.Commands;
using AgentPlatform.Contracts;
using System.Diagnostics;
using System.Text.Json;
using Lucene.Net.Analysis.En;
using Lucene.Net.Util;
using static AgentPlatform.Bench.Format;

namespace AgentPlatform.Bench;

/// <summary>
/// Conversational memory recall on LoCoMo: every conversation is written through Ingestion.Api the way an agent would
/// record it (one agent per conversation, one session per LoCoMo session dated as in the data, every turn a user
/// message from its speaker, dated one second after the previous turn), and once the worker has indexed them every
/// question of categories 1-4 is searched in its conversation's agent only. A hit maps back to its turn through the
/// message ids the batch answers returned; Recall@k is the share of the question's evidence turns among the first k,
/// Hit@10 whether any of them is in the first 10. Scored for each memory search mode, for the full-text conversation
/// search, and for a textbook BM25 computed here over the same turn texts (one corpus per conversation).
/// </summary>
internal static class MemoryBenchmark
{
    private const int SearchLimit = 20;
    private const int HitDepth = 10;
    private static readonly int[] RecallDepths = [1, 5, 10, 20];
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private const string ConversationSearchMode = "conversations";
    private const string Bm25Mode = "bm25";
    internal static readonly string[] AllModes = ["semantic", "fulltext", "hybrid", ConversationSearchMode, Bm25Mode];

    private static readonly Dictionary<int, string> CategoryNames = new()
    {
        [1] = "1 multi-hop", [2] = "2 temporal", [3] = "3 open-domain", [4] = "4 single-hop",
    };

    private sealed record LoadResult(int Conversations, int Sessions, int Messages, double PostSeconds, double TotalSeconds,
        double MessagesPerSecond, long MessagesPending, long MessagesFailed);

    /// <summary>Recall@1/5/10/20 and Hit@10 averaged over the questions of one category (or "all").</summary>
    private sealed record CategoryScores(string Category, int Questions, double Recall1, double Recall5, double Recall10, double Recall20, double Hit10);

    /// <summary>FailedQueries: requests that got no answer (scored as finding nothing). ForeignHits: hits that are no turn
    /// of the question's conversation (the agent filter should make this 0). ServerMs: the API's own tookMs (n/a for bm25).</summary>
    private sealed record ModeResult(string Mode, string Route, IReadOnlyList<CategoryScores> Scores, double P50Ms, double P95Ms,
        double? MeanServerMs, int FailedQueries, int QueriesWithWarnings, int ForeignHits, IReadOnlyList<string> SampleWarnings);

    /// <summary>One question's ranking as dia_ids, best first.</summary>
    private sealed record Ranking(IReadOnlyList<string> DiaIds, double? ServerMs, IReadOnlyList<string> Warnings, int ForeignHits, bool Failed);

    /// <summary>A message id's conversation and turn.</summary>
    private sealed record Turn(string SampleId, string DiaId);

    private delegate Task<Ranking> Ranker(LocomoDataset.Conversation conversation, LocomoDataset.Question question, CancellationToken ct);

    public static async Task RunAsync(MemoryOptions options, CancellationToken ct)
    {
        string path = options.DatasetPath;
        LocomoDataset dataset = await LocomoDataset.ReadAsync(path, ct);
        string[] modes = options.Modes;
        if (modes.FirstOrDefault(m => !AllModes.Contains(m)) is { } unknown)
            throw new UsageException($"--modes: unknown mode '{unknown}' (known: {string.Join(", ", AllModes)}).");
        var indexTimeout = TimeSpan.FromSeconds(options.IndexTimeout);
        int questions = dataset.Conversations.Sum(c => c.Questions.Count);
        string loadBefore = BenchEnvironment.LoadAverage();
        Console.WriteLine($"{dataset.Name}: {dataset.Conversations.Count} conversations, {dataset.Conversations.Sum(c => c.Sessions.Count)} sessions, "
            + $"{dataset.Conversations.Sum(c => c.Turns.Count())} turns, {questions} questions of categories 1-4 "
            + $"({dataset.UnmappedEvidence} evidence ids name no turn, {dataset.QuestionsWithoutEvidence} questions left without evidence); load average {loadBefore}.");

        await using LocalStack stack = LocalStack.OpenEmpty(options.DataDirectory, "memory");
        stack.EmbeddingModel = options.Model;
        var (chroma, api, worker) = await stack.StartIngestionAsync(ct);
        Dictionary<Guid, Turn> turns;
        LoadResult load;
        using (PlatformClient ingestion = stack.Client(api))
            (turns, load) = await LoadAsync(ingestion, dataset, [chroma, api, worker], indexTimeout, ct);
        Console.WriteLine($"Loaded {load.Messages} messages in {load.Sessions} sessions: posted in {load.PostSeconds:F1} s, indexed after {load.TotalSeconds:F1} s "
            + $"({load.MessagesPerSecond:F1} messages/s){NotIndexed(load, "; ")}.");
        await stack.StopAsync(worker);
        await stack.StopAsync(api);
        // Quality is about ranking: a generous engine timeout keeps a busy machine from turning slowness into missing hits.
        ServiceProcess searchApi = await stack.StartServiceAsync(LocalStack.SearchApi, ct,
            new Dictionary<string, string> { ["Search:EngineTimeout"] = "00:01:00" });
        using PlatformClient search = stack.Client(searchApi);
        using var analyzer = new EnglishAnalyzer(LuceneVersion.LUCENE_48);
        var bm25 = dataset.Conversations.ToDictionary(c => c.SampleId, c => (Turns: c.Turns.ToList(), Index: new Bm25([.. c.Turns.Select(t => t.Text)], analyzer)));

        var results = new List<ModeResult>();
        foreach (string mode in modes)
        {
            (string route, Ranker ranker) = mode switch
            {
                ConversationSearchMode => ("POST /v1/conversations/search", ConversationSearch(search, turns)),
                Bm25Mode => ($"in-process BM25 (k1 {F(Bm25.K1, 1)}, b {F(Bm25.B, 1)})", (Ranker)((c, q, _) =>
                {
                    var (conversationTurns, index) = bm25[c.SampleId];
                    return Task.FromResult(new Ranking([.. index.Search(q.Text, SearchLimit).Select(i => conversationTurns[i].DiaId)], null, [], 0, false));
                })),
                _ => ($"POST /v1/memory/search mode {mode}", MemorySearch(search, mode, turns)),
            };
            results.Add(await EvaluateAsync(mode, route, ranker, dataset, ct));
        }
        string loadAfter = BenchEnvironment.LoadAverage();

        var recall = new ResultTable("mode", "category", "questions", "R@1", "R@5", "R@10", "R@20", "Hit@10");
        foreach (ModeResult r in results)
        {
            foreach (CategoryScores s in r.Scores)
                recall.Add(r.Mode, s.Category, F(s.Questions), F(s.Recall1, 3), F(s.Recall5, 3), F(s.Recall10, 3), F(s.Recall20, 3), F(s.Hit10, 3));
        }
        var latency = new ResultTable("mode", "route", "p50 ms", "p95 ms", "mean server ms", "failed", "with warnings", "foreign hits");
        foreach (ModeResult r in results)
            latency.Add(r.Mode, r.Route, F(r.P50Ms, 1), F(r.P95Ms, 1), F(r.MeanServerMs, 1), F(r.FailedQueries), F(r.QueriesWithWarnings), F(r.ForeignHits));
        recall.Print();
        latency.Print();

        await ResultFiles.WriteAsync(options.ResultsDirectory, $"memory-{ResultFiles.ModelTag(stack.EmbeddingModel)}{dataset.Name}{(modes.SequenceEqual(AllModes) ? "" : "-" + string.Join('-', modes))}-{BenchEnvironment.MachineName}", new
        {
            Benchmark = "memory",
            Machine = BenchEnvironment.Describe(),
            LoadAverageBefore = loadBefore,
            LoadAverageAfter = loadAfter,
            Dataset = dataset.Name,
            MeasuredAt = DateTimeOffset.UtcNow,
            Questions = questions,
            dataset.UnmappedEvidence,
            dataset.QuestionsWithoutEvidence,
            dataset.AdversarialQuestions,
            SearchLimit,
            Load = load,
            Bm25 = new { Bm25.K1, Bm25.B, Analyzer = "Lucene.Net EnglishAnalyzer (LUCENE_48), the platform's content analyzer", Corpus = "each conversation's turns" },
            Results = results,
        }, $"""
            # Memory recall: LoCoMo {dataset.Name}

            {load.Conversations} conversations written through Ingestion.Api as an agent would (agent = sample_id, one session per LoCoMo
            session dated as in the data, every turn a user message from its speaker, an image caption appended as "[shares a photo of …]"):
            {load.Messages} messages in {load.Sessions} sessions, posted in {F(load.PostSeconds, 1)} s, all indexed after {F(load.TotalSeconds, 1)} s
            ({F(load.MessagesPerSecond, 1)} messages/s{NotIndexed(load, ", ")}).
            {questions} questions of categories 1-4, each searched in its conversation's agent only with limit {SearchLimit}; Recall@k = share of the
            question's evidence turns (dia_id) in the first k hits, Hit@10 = any of them in the first 10, averaged over questions.
            Evidence ids normalised on both sides ("D:11:26" → "D11:26", "D8:6; D9:17" → two ids): {dataset.UnmappedEvidence} still name no turn
            (left out), {dataset.QuestionsWithoutEvidence} questions left without evidence (not scored); {dataset.AdversarialQuestions} category 5 questions not scored.
            bm25: textbook BM25 (k1 {F(Bm25.K1, 1)}, b {F(Bm25.B, 1)}) computed in the benchmark over each conversation's turns with Lucene's English analyzer.
            Four defaults were chosen on this split (passage size, neighbour reach, question words, memory fusion weights; see the README), nothing per question. Machine: {BenchEnvironment.MachineName} ({BenchEnvironment.CpuModel()}), load average {loadBefore} before,
            {loadAfter} after; {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.

            {recall.ToMarkdown()}
            Latency per question, measured by the benchmark (one query at a time; bm25 in-process):

            {latency.ToMarkdown()}
            """);
    }

    /// <summary>Posts every conversation (sessions in order, their turns in batches of at most the API's limit), then polls
    /// GET /v1/ingestion/status until no message is pending, at most <paramref name="timeout"/>. Returns message id → turn.</summary>
    private static async Task<(Dictionary<Guid, Turn> Turns, LoadResult Load)> LoadAsync(PlatformClient ingestion,
        LocomoDataset dataset, IReadOnlyList<ServiceProcess> watched, TimeSpan timeout, CancellationToken ct)
    {
        const int MaxBatch = 500;
        var started = Stopwatch.StartNew();
        var turns = new Dictionary<Guid, Turn>();
        int sessions = 0, total = dataset.Conversations.Sum(c => c.Turns.Count());
        using (var posting = new ProgressLine("posted", total))
        {
            foreach (LocomoDataset.Conversation conversation in dataset.Conversations)
            {
                foreach (LocomoDataset.Session session in conversation.Sessions)
                {
                    SessionResponse created = await ingestion.CreateSessionAsync(new CreateSessionRequest(conversation.SampleId, StartedAt: session.StartedAt), ct);
                    sessions++;
                    for (int first = 0; first < session.Turns.Count; first += MaxBatch)
                    {
                        LocomoDataset.Turn[] batch = [.. session.Turns.Skip(first).Take(MaxBatch)];
                        MessageRequest[] messages = [.. batch.Select((turn, i) => new MessageRequest(MessageRole.User, turn.Text, turn.Speaker,
                            JsonSerializer.SerializeToElement(new { dia_id = turn.DiaId, speaker = turn.Speaker }),
                            session.StartedAt.AddSeconds(first + i)))];
                        IReadOnlyList<MessageResponse> stored = await ingestion.AppendMessagesAsync(created.Id, new MessageBatchRequest(messages), ct);
                        if (stored.Count != batch.Length)
                            throw new InvalidDataException($"{conversation.SampleId} session {session.Number}: sent {batch.Length} messages, {stored.Count} came back.");
                        for (int i = 0; i < batch.Length; i++)
                            turns[stored[i].Id] = new Turn(conversation.SampleId, batch[i].DiaId);
                        posting.Report(turns.Count);
                    }
                }
            }
        }
        double postSeconds = started.Elapsed.TotalSeconds;

        MessageIngestionStatus indexingState;
        var waited = Stopwatch.StartNew();
        using (var indexing = new ProgressLine("indexed", total))
        {
            while (true)
            {
                indexingState = (await ingestion.GetIngestionStatusAsync(ct)).Messages;
                indexing.Report((int)Math.Min(indexingState.Indexed + indexingState.Failed, total));
                if (indexingState.Pending == 0 || waited.Elapsed > timeout)
                    break;
                foreach (ServiceProcess process in watched)
                    process.EnsureRunning();
                await Task.Delay(PollInterval, ct);
            }
        }
        double seconds = started.Elapsed.TotalSeconds;
        return (turns, new LoadResult(dataset.Conversations.Count, sessions, turns.Count, Math.Round(postSeconds, 2), Math.Round(seconds, 2),
            Math.Round(turns.Count / seconds, 1), indexingState.Pending, indexingState.Failed));
    }

    /// <summary>"" when every message was indexed, else what was not (after <paramref name="separator"/>).</summary>
    private static string NotIndexed(LoadResult load, string separator) =>
        load.MessagesPending + load.MessagesFailed == 0 ? "" : $"{separator}{load.MessagesPending} still pending and {load.MessagesFailed} failed when the wait ended";

    private static Ranker MemorySearch(PlatformClient search, string mode, Dictionary<Guid, Turn> turns)
    {
        SearchMode searchMode = JsonSerializer.Deserialize<SearchMode>(JsonSerializer.Serialize(mode), ResultFiles.Json);
        return async (conversation, question, ct) =>
        {
            MemorySearchResponse response = await search.SearchMemoryAsync(
                new MemorySearchRequest(question.Text, searchMode, SearchLimit, new MemoryFilters(AgentId: conversation.SampleId)), ct);
            return ToRanking(conversation, response.Hits.Select(h => h.Id), turns, response.TookMs, response.Warnings);
        };
    }

    private static Ranker ConversationSearch(PlatformClient search, Dictionary<Guid, Turn> turns) => async (conversation, question, ct) =>
    {
        ConversationSearchResponse response = await search.SearchConversationsAsync(
            new ConversationSearchRequest(question.Text, AgentId: conversation.SampleId, Limit: SearchLimit), ct);
        return ToRanking(conversation, response.Hits.Select(h => h.MessageId), turns, response.TookMs, []);
    };

    private static Ranking ToRanking(LocomoDataset.Conversation conversation, IEnumerable<Guid> hits, Dictionary<Guid, Turn> turns,
        double serverMs, IReadOnlyList<string> warnings)
    {
        var ranked = new List<string>();
        int foreign = 0;
        foreach (Guid id in hits)
        {
            if (turns.TryGetValue(id, out Turn? turn) && turn.SampleId == conversation.SampleId)
                ranked.Add(turn.DiaId);
            else
                foreign++;
        }
        return new Ranking([.. ranked.Distinct(StringComparer.Ordinal)], serverMs, warnings, foreign, false);
    }

    /// <summary>Every question once, one at a time (so latencies are not queueing), after one unmeasured warm-up query
    /// whose failure (e.g. the route does not exist) fails the run.</summary>
    private static async Task<ModeResult> EvaluateAsync(string mode, string route, Ranker ranker, LocomoDataset dataset, CancellationToken ct)
    {
        LocomoDataset.Conversation warmUp = dataset.Conversations.First(c => c.Questions.Count > 0);
        await ranker(warmUp, warmUp.Questions[0], ct);
        var scored = new List<(int Category, double[] Recall, bool Hit)>();
        var latencies = new List<double>();
        var rankings = new List<Ranking>();
        using var progress = new ProgressLine($"{mode} questions", dataset.Conversations.Sum(c => c.Questions.Count));
        foreach (LocomoDataset.Conversation conversation in dataset.Conversations)
        {
            foreach (LocomoDataset.Question question in conversation.Questions)
            {
                long start = Stopwatch.GetTimestamp();
                Ranking ranking;
                try
                {
                    ranking = await ranker(conversation, question, ct);
                }
                catch (HttpRequestException e)
                {
                    ranking = new Ranking([], null, [e.Message], 0, true);
                }
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                rankings.Add(ranking);
                var evidence = question.Evidence.ToHashSet(StringComparer.Ordinal);
                double[] recall = [.. RecallDepths.Select(k => (double)ranking.DiaIds.Take(k).Count(evidence.Contains) / evidence.Count)];
                scored.Add((question.Category, recall, ranking.DiaIds.Take(HitDepth).Any(evidence.Contains)));
                progress.Report(scored.Count);
            }
        }
        double[] sorted = [.. latencies.Order()];
        double[] serverMs = [.. rankings.Where(r => r.ServerMs is not null).Select(r => r.ServerMs!.Value)];
        return new ModeResult(mode, route,
            [.. LocomoDataset.ScoredCategories.Select(c => Average(CategoryNames[c], scored.Where(s => s.Category == c).ToList())), Average("all", scored)],
            Math.Round(Statistics.Percentile(sorted, 0.50), 1), Math.Round(Statistics.Percentile(sorted, 0.95), 1),
            serverMs.Length > 0 ? Math.Round(serverMs.Average(), 1) : null,
            rankings.Count(r => r.Failed), rankings.Count(r => r.Warnings.Count > 0), rankings.Sum(r => r.ForeignHits),
            [.. rankings.SelectMany(r => r.Warnings).Distinct().Take(3)]);
    }

    private static CategoryScores Average(string category, IReadOnlyList<(int Category, double[] Recall, bool Hit)> scores)
    {
        double Mean(Func<(int Category, double[] Recall, bool Hit), double> value) => scores.Count == 0 ? 0 : Math.Round(scores.Average(value), 4);
        return new CategoryScores(category, scores.Count, Mean(s => s.Recall[0]), Mean(s => s.Recall[1]), Mean(s => s.Recall[2]), Mean(s => s.Recall[3]),
            Mean(s => s.Hit ? 1 : 0));
    }
}
