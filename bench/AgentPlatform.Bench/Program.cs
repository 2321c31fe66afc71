using AgentPlatform.Bench;

const string Usage = """
    Usage: dotnet run -c Release --project bench/AgentPlatform.Bench -- <command> [options]

    Commands:
      embed    Embeds SciFact passages with batch sizes 1/8/32 and writes bench/results/embedding-<machine>.json
               --passages N        passages to embed per batch size (default 512)
               --batch-sizes LIST  comma-separated batch sizes (default 1,8,32)
               --threads N         ONNX Runtime intra-op threads (default: processor count)
               --corpus PATH       BEIR corpus.jsonl (default: <repo>/../shared/datasets/scifact/corpus.jsonl)
      ingest   (a) ONNX embedding alone over the corpus's chunks, (b) the corpus through Ingestion.Api and
               Embedding.Worker on the local backend until all Indexed; docs/s, ratio (b)/(a), worker peak memory
               --limit N           first N corpus documents only
               --data-dir DIR      keep (b)'s stores in DIR (new or empty) for quality and latency; default: a temp dir
      quality  Ingests the corpus (or re-uses --data-dir), runs the test queries in each mode through Search.Api:
               nDCG@10, Recall@100, MRR@10
               --limit N           first N corpus documents only
               --limit-queries N   first N test queries only
               --modes LIST        default hybrid,semantic,fulltext,structured
               --structured-weight W  Search:StructuredWeight of this run (above 0: hybrid fuses structured too);
                                   results named ...-structured-weightW-...
               --data-dir DIR      stores to create or re-use (documents already there are not embedded again)
      fulltext Full-text quality and cost in-process: the corpus written into a temporary Lucene directory through the
               platform's adapter, every test query with and without typo handling: nDCG@10, Recall@100, MRR@10, p50/p95 ms
      contention  A cheap client's full-text searches alone and beside clients sending 2,048-character queries of random
               words, in-process on the Lucene adapter under the engine timeout: p50/p95/max of each, searches stopped
               --expensive-clients N  (default 6)   --seconds N  per phase (default 10)   --engine-timeout-ms N  (default 3000)
      latency  HTTP search latency p50/p95/p99 per mode and client count over an ingested data directory
               --data-dir DIR      required: a directory that ingest or quality filled
               --clients LIST      concurrent clients (default 1,8,32)
               --seconds N         measured seconds per mode and client count (default 10)
               --limit N           hits per search (default 10)
               --modes LIST        default hybrid,semantic,fulltext
               --warmup-seconds N  unmeasured seconds before each row (default 2)
               --replicate K       measure on the corpus K times over: <data-dir>-xK is built once from data-dir by
                                   copying its search projections K-1 more times (new ids, varied titles, vectors
                                   jittered; no re-embedding) and re-used afterwards
      load     A bounded mixed load on the whole local stack: N clients in closed loops (ingest 20%, search 60%,
               memory writes 20%), every error printed; then every accepted write read back, a bounded wait for indexing;
               p50/p95/p99 and throughput per operation to bench/results/load-<machine>.json/.md
               --clients N         concurrent clients (default 32)
               --duration N        seconds of load (default 60)
               --index-timeout N   seconds to wait for the worker to index the ingested entries afterwards (default 600)
               --data-dir DIR      keep the stores (and child logs) in DIR; default: a temporary directory
               --engine-timeout N  Search.Api's per-engine timeout in seconds (default: the service's, 3 s); the
                                   results file is then load-<machine>-engine-timeoutNs
      memory   LoCoMo conversations written through Ingestion.Api (agent per conversation, session per LoCoMo session,
               turns as dated user messages), then every category 1-4 question searched in its agent: Recall@1/5/10/20
               and Hit@10 of the evidence turns per category, per memory search mode, for POST /v1/conversations/search
               and for an in-process BM25; latency p50/p95 per mode
               --dataset PATH      LoCoMo .json, or a folder holding one (default: <repo>/../shared/datasets/locomo-dev)
               --modes LIST        default semantic,fulltext,hybrid,conversations,bm25
               --index-timeout N   seconds to wait until no message is pending indexing (default 900)
               --data-dir DIR      keep the stores (and child logs) in DIR (new or empty); default: a temporary directory
      fairness Tenant "bench" posts large entries in one batch; 2 s later tenant "bench-b" posts one short entry:
               seconds from each POST to Indexed (B's entry, A's whole batch), to bench/results/fairness-<machine>.json/.md
               --large N           tenant A's entries (default 4)
               --large-bytes N     characters of each (default 1000000)
               --timeout N         seconds to wait for every entry to be indexed (default 900)
               --data-dir DIR      keep the stores (and child logs) in DIR (new or empty); default: a temporary directory

    Common options:
      --dataset DIR   BEIR folder: corpus.jsonl, queries.jsonl, qrels/test.tsv (default: <repo>/../shared/datasets/scifact)
      --results DIR   output folder (default: <repo>/bench/results)
      --model ID      embed, quality, memory: the embedding model (Embeddings:Model; default all-MiniLM-L6-v2); results
                      of another model are named <benchmark>-<model>-...

    ingest, quality, latency, load, memory and fairness start Chroma (chroma/node_modules: run npm ci there once) and the services from their
    build output: build the benchmark first (dotnet build -c Release bench/AgentPlatform.Bench builds the services too).
    """;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(Usage);
    return 0;
}

// Ctrl+C cancels the run (its stacks stop their processes); whatever is still running at exit is killed.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => ServiceProcess.KillAll();

try
{
    var options = CommandLineOptions.Parse(args.AsSpan(1));
    switch (args[0])
    {
        case "embed":
            await EmbeddingBenchmark.RunAsync(options);
            return 0;
        case "ingest":
            await IngestBenchmark.RunAsync(options, cancellation.Token);
            return 0;
        case "quality":
            await QualityBenchmark.RunAsync(options, cancellation.Token);
            return 0;
        case "fulltext":
            await FullTextQualityBenchmark.RunAsync(options, cancellation.Token);
            return 0;
        case "contention":
            await ContentionBenchmark.RunAsync(options, cancellation.Token);
            return 0;
        case "latency":
            await LatencyBenchmark.RunAsync(options, cancellation.Token);
            return 0;
        case "memory":
            await MemoryBenchmark.RunAsync(options, cancellation.Token);
            return 0;
        case "fairness":
            await FairnessBenchmark.RunAsync(options, cancellation.Token);
            return 0;
        case "load":
            await LoadBenchmark.RunAsync(options, cancellation.Token);
            return 0;
        default:
            Console.Error.WriteLine($"Unknown command '{args[0]}'.");
            Console.Error.WriteLine(Usage);
            return 2;
    }
}
catch (UsageException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Usage);
    return 2;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}
finally
{
    ServiceProcess.KillAll();
}
