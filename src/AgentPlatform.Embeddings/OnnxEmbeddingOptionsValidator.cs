using Microsoft.Extensions.Options;

namespace AgentPlatform.Embeddings;

/// <summary>Checks the settings at start: the limits, and that the configured model resolves (a registered id, or a
/// model directory with its model.json, model.onnx and vocab.txt), so a misconfigured deployment stops at once
/// with the file or setting named instead of failing its first embedding.</summary>
internal sealed class OnnxEmbeddingOptionsValidator : IValidateOptions<OnnxEmbeddingOptions>
{
    public ValidateOptionsResult Validate(string? name, OnnxEmbeddingOptions options)
    {
        if (options.MaxBatchSize < 1 || options.MaxConcurrentInferences < 1 || options.IntraOpThreads < 1)
            return ValidateOptionsResult.Fail("Embeddings: MaxBatchSize, MaxConcurrentInferences and IntraOpThreads must be at least 1.");
        if (!Enum.IsDefined(options.QueryPrecision))
            return ValidateOptionsResult.Fail($"Embeddings: QueryPrecision must be {string.Join(" or ", Enum.GetNames<EmbeddingPrecision>())}.");
        try
        {
            EmbeddingModels.Resolve(options);
            return ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
