using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentPlatform.Embeddings;

/// <summary>
/// The facts that decide how a model is run and how its vectors may be used: <see cref="Id"/> names it (in collection
/// names and metadata), <see cref="VectorSpace"/> ("id/dimensions") is what a vector collection records, so vectors of
/// two models are never compared. Its files (model.onnx, vocab.txt) come from <see cref="ResourceAssembly"/>'s embedded
/// resources (a NuGet package) or from <see cref="Directory"/>.
/// </summary>
public sealed record EmbeddingModel
{
    public const string ModelFileName = "model.onnx";
    public const string VocabularyFileName = "vocab.txt";
    /// <summary>The facts of a model in a configured directory, beside its model.onnx and vocab.txt.</summary>
    public const string ManifestFileName = "model.json";

    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public required string Id { get; init; }
    public required int Dimensions { get; init; }
    public required EmbeddingPooling Pooling { get; init; }
    /// <summary>L2-normalised vectors (cosine similarity is then a dot product).</summary>
    public bool Normalize { get; init; } = true;
    /// <summary>The model's max_seq_length, special tokens included; longer inputs are truncated.</summary>
    public required int MaxTokens { get; init; }
    /// <summary>Put before every search query (asymmetric retrieval models are trained with one).</summary>
    public string QueryPrefix { get; init; } = "";
    /// <summary>Put before every indexed text (chunks, messages).</summary>
    public string DocumentPrefix { get; init; } = "";
    /// <summary>The vocabulary is uncased: text is lower-cased and accents are stripped before word pieces are found.</summary>
    public bool LowerCase { get; init; } = true;

    /// <summary>The assembly whose embedded resources "&lt;assembly&gt;.Resources.model.onnx" and "….vocab.txt" hold the files.</summary>
    [JsonIgnore]
    public string? ResourceAssembly { get; init; }

    /// <summary>The folder holding model.onnx and vocab.txt (and model.json).</summary>
    [JsonIgnore]
    public string? Directory { get; init; }

    /// <summary>What a vector collection records of the model that made its vectors.</summary>
    [JsonIgnore]
    public string VectorSpace => $"{Id}/{Dimensions}";

    /// <summary>Where the files come from, for logs.</summary>
    [JsonIgnore]
    public string Source => Directory ?? $"embedded resources of {ResourceAssembly}";

    /// <summary>Opens <see cref="ModelFileName"/> or <see cref="VocabularyFileName"/>.</summary>
    public Stream Open(string fileName)
    {
        if (Directory is not null)
        {
            string path = Path.Combine(Directory, fileName);
            if (!File.Exists(path))
                throw new FileNotFoundException($"The embedding model directory '{Directory}' has no {fileName}.", path);
            return File.OpenRead(path);
        }
        string resource = $"{ResourceAssembly}.Resources.{fileName}";
        return System.Reflection.Assembly.Load(ResourceAssembly!).GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The {ResourceAssembly} assembly has no embedded resource {resource}.");
    }

    /// <summary>Writes model.onnx, vocab.txt and model.json into a directory, which then serves as
    /// <c>Embeddings:ModelDirectory</c> (e.g. to serve the files from a volume, or as the template of another model).</summary>
    public async Task ExportAsync(string directory, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(directory);
        foreach (string fileName in (string[])[ModelFileName, VocabularyFileName])
        {
            await using Stream source = Open(fileName);
            await using FileStream target = File.Create(Path.Combine(directory, fileName));
            await source.CopyToAsync(target, ct);
        }
        await File.WriteAllTextAsync(Path.Combine(directory, ManifestFileName), JsonSerializer.Serialize(this, ManifestJson), ct);
    }

    /// <summary>Reads a model directory: its model.json (every fact checked) and the presence of model.onnx and
    /// vocab.txt. Each error names the file and what is wrong with it, so a misconfigured deployment fails at start.</summary>
    public static EmbeddingModel FromDirectory(string directory)
    {
        foreach (string fileName in (string[])[ManifestFileName, ModelFileName, VocabularyFileName])
        {
            if (!File.Exists(Path.Combine(directory, fileName)))
                throw new FileNotFoundException($"The embedding model directory '{directory}' has no {fileName}.", Path.Combine(directory, fileName));
        }
        string manifestPath = Path.Combine(directory, ManifestFileName);
        EmbeddingModel? model;
        try
        {
            model = JsonSerializer.Deserialize<EmbeddingModel>(File.ReadAllText(manifestPath), ManifestJson);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{manifestPath} is not a valid model description: {e.Message}", e);
        }
        if (model is null)
            throw new InvalidDataException($"{manifestPath} is not a valid model description: it is null.");
        if (model.Problem() is { } problem)
            throw new InvalidDataException($"{manifestPath}: {problem}");
        return model with { Directory = directory };
    }

    /// <summary>The id names collections (Chroma names allow [a-zA-Z0-9._-] and must end with a letter or digit).</summary>
    private string? Problem()
    {
        if (string.IsNullOrEmpty(Id) || Id.Length > 64 || !char.IsAsciiLetterOrDigit(Id[0]) || !char.IsAsciiLetterOrDigit(Id[^1])
            || !Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            return "id must be 1-64 of letters, digits, '.', '-' and '_', starting and ending with a letter or digit.";
        if (Dimensions is < 1 or > 8192)
            return "dimensions must be 1-8192.";
        if (MaxTokens is < 3 or > 8192)
            return "maxTokens must be 3-8192.";
        if (!Enum.IsDefined(Pooling))
            return "pooling must be mean or cls.";
        return null;
    }
}
