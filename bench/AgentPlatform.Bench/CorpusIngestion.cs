using AgentPlatform.Contracts;
using System.Diagnostics;
using AgentPlatform.Knowledge;

namespace AgentPlatform.Bench;

/// <summary>What posting a corpus and waiting for the worker produced. EntryDocuments maps each entry id the API
/// assigned back to the corpus id sent as its source (the first one, if two documents had the same title and text).</summary>
internal sealed record CorpusIngestionResult(
    int Documents, int Created, int Duplicates, int Invalid, long FailedEntries, double PostSeconds, double TotalSeconds,
    IReadOnlyDictionary<Guid, string> EntryDocuments);

/// <summary>Posts a BEIR corpus through POST /v1/knowledge/batch and waits until the worker has indexed all of it.</summary>
internal static class CorpusIngestion
{
    /// <summary>Each poll costs Ingestion.Api a count over the tenant's entries, which (b) charges to the pipeline: once a
    /// second keeps that small (at 250 ms it was most of the API's 32 CPU seconds over full SciFact).</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>A corpus document as a knowledge entry: the corpus id travels as the source. Entries need a title and
    /// content, so an untitled document is titled with its id and a document without text repeats its title.</summary>
    public static KnowledgeInput ToEntry(BeirDocument document, string category, string? titleSuffix = null)
    {
        string title = string.IsNullOrWhiteSpace(document.Title) ? document.Id : document.Title;
        title += titleSuffix;
        if (title.Length > KnowledgeRules.MaxTitleLength)
            title = title[..KnowledgeRules.MaxTitleLength];
        string content = string.IsNullOrWhiteSpace(document.Text) ? title : document.Text;
        return new KnowledgeInput(title, content, category, null, document.Id);
    }

    /// <summary>
    /// Posts every document (batches of <see cref="KnowledgeRules.MaxBatchSize"/>), then polls GET /v1/ingestion/status
    /// until nothing is pending. Documents already stored (a re-used data directory) come back as duplicates with their
    /// existing ids and cost no new work. <paramref name="watched"/> processes are checked while waiting, so a crash fails the run.
    /// </summary>
    public static async Task<CorpusIngestionResult> RunAsync(PlatformClient ingestion, IReadOnlyList<BeirDocument> documents,
        Func<BeirDocument, KnowledgeInput> toEntry, IReadOnlyList<ServiceProcess> watched, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        var entryDocuments = new Dictionary<Guid, string>();
        int created = 0, duplicates = 0, invalid = 0, reported = 0;
        using (var posting = new ProgressLine("posted", documents.Count))
        {
            int posted = 0;
            foreach (BeirDocument[] batch in documents.Chunk(KnowledgeRules.MaxBatchSize))
            {
                BatchResponse response = await ingestion.AddBatchAsync(Array.ConvertAll(batch, d => toEntry(d)), ct);
                created += response.Created;
                duplicates += response.Duplicates;
                invalid += response.Invalid;
                foreach (BatchItemResult item in response.Items)
                {
                    if (item.Id is { } id)
                        entryDocuments.TryAdd(id, batch[item.Index].Id);
                    else if (reported++ < 5)
                        Console.Error.WriteLine($"  document {batch[item.Index].Id} rejected: {string.Join("; ", item.Errors?.SelectMany(e => e.Value) ?? [])}");
                }
                posting.Report(posted += batch.Length);
            }
        }
        double postSeconds = started.Elapsed.TotalSeconds;

        IngestionStatus status = await WaitUntilIndexedAsync(ingestion, documents.Count, alreadyDone: 0, watched, timeout: null, ct);
        return new CorpusIngestionResult(documents.Count, created, duplicates, invalid, status.Failed,
            Math.Round(postSeconds, 2), Math.Round(started.Elapsed.TotalSeconds, 2), entryDocuments);
    }

    /// <summary>
    /// Polls GET /v1/ingestion/status until nothing is pending or being deleted, or until <paramref name="timeout"/> has
    /// passed (null: no limit), and returns the last status (Pending &gt; 0 when it gave up). The progress line counts
    /// entries indexed or failed beyond <paramref name="alreadyDone"/> (those the tenant had before) out of
    /// <paramref name="expected"/>. <paramref name="watched"/> processes are checked while waiting, so a crash fails the run.
    /// </summary>
    public static async Task<IngestionStatus> WaitUntilIndexedAsync(PlatformClient ingestion, int expected, long alreadyDone,
        IReadOnlyList<ServiceProcess> watched, TimeSpan? timeout, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        using var indexing = new ProgressLine("indexed", expected);
        while (true)
        {
            IngestionStatus status = await ingestion.GetIngestionStatusAsync(ct);
            indexing.Report((int)Math.Clamp(status.Indexed + status.Failed - alreadyDone, 0, expected));
            if ((status.Pending == 0 && status.Deleting == 0) || waited.Elapsed > timeout)
                return status;
            foreach (ServiceProcess process in watched)
                process.EnsureRunning();
            await Task.Delay(PollInterval, ct);
        }
    }
}
