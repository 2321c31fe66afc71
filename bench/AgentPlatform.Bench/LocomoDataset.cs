using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgentPlatform.Bench;

/// <summary>
/// LoCoMo conversations (Maharana et al., ACL 2024) as published in data/locomo10.json: per conversation its sessions
/// (dated, turns in order) and its questions of categories 1-4 with their evidence turns. Category 5 (adversarial,
/// unanswerable) has no evidence to retrieve and is left out. Evidence ids are written inconsistently in the data
/// ("D:11:26", "D8:6; D9:17", a bare "D"): both the turns' and the evidence's ids go through <see cref="NormalizeDiaId"/>,
/// and what still names no turn of the conversation is counted, not guessed.
/// </summary>
internal sealed partial class LocomoDataset(string name, IReadOnlyList<LocomoDataset.Conversation> conversations, int unmappedEvidence,
    int questionsWithoutEvidence, int adversarialQuestions)
{
    public static readonly int[] ScoredCategories = [1, 2, 3, 4];

    /// <summary>One turn; Text carries the image caption (if any) as "[shares a photo of …]", the way a text-only agent would record it.</summary>
    public sealed record Turn(string DiaId, string Speaker, string Text);

    public sealed record Session(int Number, DateTimeOffset StartedAt, IReadOnlyList<Turn> Turns);

    /// <summary>Evidence holds the normalised dia_ids that name a turn of the conversation.</summary>
    public sealed record Question(string Text, int Category, IReadOnlyList<string> Evidence);

    public sealed record Conversation(string SampleId, IReadOnlyList<Session> Sessions, IReadOnlyList<Question> Questions)
    {
        public IEnumerable<Turn> Turns => Sessions.SelectMany(s => s.Turns);
    }

    /// <summary>The file name without its extension, e.g. "locomo-dev".</summary>
    public string Name { get; } = name;

    public IReadOnlyList<Conversation> Conversations { get; } = conversations;

    /// <summary>Evidence entries of scored questions that name no turn of their conversation, even after normalising.</summary>
    public int UnmappedEvidence { get; } = unmappedEvidence;

    /// <summary>Scored-category questions left out because none of their evidence names a turn.</summary>
    public int QuestionsWithoutEvidence { get; } = questionsWithoutEvidence;

    /// <summary>Category 5 questions, not scored.</summary>
    public int AdversarialQuestions { get; } = adversarialQuestions;

    /// <summary>"D1:3", "D:1:3", "d 1 : 3" and "D01:03" all become "D1:3"; anything else is returned trimmed.</summary>
    public static string NormalizeDiaId(string raw) =>
        DiaIdPattern().Match(raw) is { Success: true } m ? Canonical(m) : raw.Trim();

    /// <summary>--dataset as a file, or a folder holding exactly one .json file; default ../shared/datasets/locomo-dev.</summary>
    public static string ResolvePath(string? dataset)
    {
        string path = Path.GetFullPath(dataset ?? Path.Combine(BenchEnvironment.RepositoryRoot(), "..", "shared", "datasets", "locomo-dev"));
        if (File.Exists(path))
            return path;
        string[] files = Directory.Exists(path) ? Directory.GetFiles(path, "*.json") : [];
        return files.Length == 1 ? files[0] : throw new UsageException($"{path} is neither a LoCoMo .json file nor a folder holding exactly one.");
    }

    public static async Task<LocomoDataset> ReadAsync(string path, CancellationToken ct)
    {
        await using FileStream stream = File.OpenRead(path);
        using JsonDocument document = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
        var conversations = new List<Conversation>();
        int unmapped = 0, withoutEvidence = 0, adversarial = 0;
        foreach (JsonElement sample in document.RootElement.EnumerateArray())
        {
            string sampleId = sample.GetProperty("sample_id").GetString() ?? throw new InvalidDataException("A conversation has no sample_id.");
            List<Session> sessions = ReadSessions(sampleId, sample.GetProperty("conversation"));
            var turnIds = sessions.SelectMany(s => s.Turns).Select(t => t.DiaId).ToHashSet(StringComparer.Ordinal);
            var questions = new List<Question>();
            foreach (JsonElement qa in sample.GetProperty("qa").EnumerateArray())
            {
                int category = qa.GetProperty("category").GetInt32();
                if (!ScoredCategories.Contains(category))
                {
                    adversarial++;
                    continue;
                }
                var evidence = new List<string>();
                foreach (JsonElement entry in qa.GetProperty("evidence").EnumerateArray())
                {
                    string raw = entry.GetString() ?? "";
                    // One entry may hold several ids ("D8:6; D9:17"); an entry with none is one unmapped id.
                    string[] ids = [.. DiaIdPattern().Matches(raw).Select(Canonical)];
                    unmapped += ids.Length == 0 ? 1 : ids.Count(id => !turnIds.Contains(id));
                    evidence.AddRange(ids.Where(turnIds.Contains));
                }
                if (evidence.Count == 0)
                {
                    withoutEvidence++;
                    continue;
                }
                questions.Add(new Question(qa.GetProperty("question").GetString() ?? "", category, [.. evidence.Distinct(StringComparer.Ordinal)]));
            }
            conversations.Add(new Conversation(sampleId, sessions, questions));
        }
        return new LocomoDataset(Path.GetFileNameWithoutExtension(path), conversations, unmapped, withoutEvidence, adversarial);
    }

    /// <summary>session_1, session_2, … in number order, each dated by its session_N_date_time; date keys of sessions
    /// that have no turns (the data has some) are ignored.</summary>
    private static List<Session> ReadSessions(string sampleId, JsonElement conversation)
    {
        var sessions = new List<Session>();
        foreach (JsonProperty property in conversation.EnumerateObject())
        {
            if (SessionKeyPattern().Match(property.Name) is not { Success: true } key || property.Value.ValueKind != JsonValueKind.Array)
                continue;
            int number = int.Parse(key.Groups[1].Value, CultureInfo.InvariantCulture);
            string dateText = conversation.TryGetProperty($"{property.Name}_date_time", out JsonElement date) ? date.GetString() ?? "" : "";
            var turns = property.Value.EnumerateArray().Select(turn =>
            {
                string text = turn.GetProperty("text").GetString() ?? "";
                if (turn.TryGetProperty("blip_caption", out JsonElement caption) && caption.GetString() is { Length: > 0 } described)
                    text += $" [shares a photo of {described}]";
                return new Turn(NormalizeDiaId(turn.GetProperty("dia_id").GetString() ?? ""), turn.GetProperty("speaker").GetString() ?? "", text);
            }).ToList();
            if (turns.Count > 0)
                sessions.Add(new Session(number, ParseSessionDate(sampleId, property.Name, dateText), turns));
        }
        return [.. sessions.OrderBy(s => s.Number)];
    }

    /// <summary>"1:56 pm on 8 May, 2023", read as UTC (the data gives no time zone).</summary>
    private static DateTimeOffset ParseSessionDate(string sampleId, string session, string text) =>
        DateTimeOffset.TryParseExact(text, "h:mm tt 'on' d MMMM, yyyy", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out DateTimeOffset parsed)
            ? parsed
            : throw new InvalidDataException($"{sampleId} {session}: cannot read the date '{text}'.");

    private static string Canonical(Match m) =>
        $"D{int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)}:{int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)}";

    [GeneratedRegex(@"D\s*:?\s*(\d+)\s*:\s*(\d+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DiaIdPattern();

    [GeneratedRegex(@"^session_(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SessionKeyPattern();
}
