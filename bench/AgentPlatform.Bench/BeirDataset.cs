using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentPlatform.Bench;

/// <summary>One corpus document of a BEIR dataset (corpus.jsonl: _id, title, text).</summary>
internal sealed record BeirDocument(string Id, string Title, string Text);

/// <summary>
/// A BEIR-format folder: corpus.jsonl, queries.jsonl and qrels/test.tsv (query-id, corpus-id, score; a header line).
/// Any BEIR set works, not only SciFact.
/// </summary>
internal sealed class BeirDataset
{
    private sealed record CorpusLine([property: JsonPropertyName("_id")] string? Id, string? Title, string? Text);
    private sealed record QueryLine([property: JsonPropertyName("_id")] string? Id, string? Text);

    private BeirDataset(string directory) => Directory = directory;

    public string Directory { get; }

    public string Name => Path.GetFileName(Directory.TrimEnd(Path.DirectorySeparatorChar));

    public static BeirDataset Open(string directory)
    {
        foreach (string file in (string[])["corpus.jsonl", "queries.jsonl", Path.Combine("qrels", "test.tsv")])
        {
            if (!File.Exists(Path.Combine(directory, file)))
                throw new UsageException($"{directory} is not a BEIR dataset folder: it has no {file} (pass --dataset).");
        }
        return new BeirDataset(directory);
    }

    /// <summary>The corpus in file order; the first <paramref name="limit"/> documents when given.</summary>
    public Task<IReadOnlyList<BeirDocument>> ReadCorpusAsync(int? limit = null) => ReadCorpusFileAsync(Path.Combine(Directory, "corpus.jsonl"), limit);

    public static async Task<IReadOnlyList<BeirDocument>> ReadCorpusFileAsync(string path, int? limit = null)
    {
        if (!File.Exists(path))
            throw new UsageException($"Corpus not found: {path}.");
        var documents = new List<BeirDocument>();
        await foreach (string line in File.ReadLinesAsync(path))
        {
            if (documents.Count == limit)
                break;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            CorpusLine parsed = JsonSerializer.Deserialize<CorpusLine>(line, ResultFiles.Json)
                ?? throw new InvalidDataException($"Not a corpus line: {Shorten(line)}");
            documents.Add(new BeirDocument(parsed.Id ?? throw new InvalidDataException($"Corpus line without _id: {Shorten(line)}"),
                parsed.Title ?? "", parsed.Text ?? ""));
        }
        return documents;
    }

    /// <summary>Query id → text, every query in queries.jsonl (train and test).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReadQueriesAsync()
    {
        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (string line in File.ReadLinesAsync(Path.Combine(Directory, "queries.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            QueryLine parsed = JsonSerializer.Deserialize<QueryLine>(line, ResultFiles.Json)
                ?? throw new InvalidDataException($"Not a query line: {Shorten(line)}");
            if (parsed.Id is { } id && !string.IsNullOrWhiteSpace(parsed.Text))
                queries[id] = parsed.Text;
        }
        return queries;
    }

    /// <summary>Test judgments: query id → (corpus id → graded relevance), in file order of first appearance.</summary>
    public async Task<IReadOnlyDictionary<string, Dictionary<string, int>>> ReadTestQrelsAsync()
    {
        var qrels = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        bool first = true;
        await foreach (string line in File.ReadLinesAsync(Path.Combine(Directory, "qrels", "test.tsv")))
        {
            string[] fields = line.Split('\t');
            bool header = first && !int.TryParse(fields.ElementAtOrDefault(2), NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
            first = false;
            if (header || string.IsNullOrWhiteSpace(line))
                continue;
            if (fields.Length < 3 || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int grade))
                throw new InvalidDataException($"Not a qrels line (query-id, corpus-id, score): {Shorten(line)}");
            if (!qrels.TryGetValue(fields[0], out var judged))
                qrels[fields[0]] = judged = new Dictionary<string, int>(StringComparer.Ordinal);
            judged[fields[1]] = grade;
        }
        return qrels;
    }

    private static string Shorten(string line) => line[..Math.Min(80, line.Length)];
}
