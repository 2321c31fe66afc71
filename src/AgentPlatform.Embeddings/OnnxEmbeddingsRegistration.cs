using AgentPlatform.Chunking;
using AgentPlatform.Ports;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Embeddings;

public static class OnnxEmbeddingsRegistration
{
    // The ActivitySource and Meter name ServiceDefaults exports, so embedding spans and metrics reach the dashboard.
    private const string TelemetrySourceName = "AgentPlatform";

    /// <summary>
    /// Registers the ONNX embedding generator as a singleton <see cref="IEmbeddingGenerator{String, Embedding}"/> (with
    /// OpenTelemetry), the same instance as <see cref="OnnxEmbeddingGenerator"/> and <see cref="ITextTokenizer"/>, and a
    /// <see cref="TextChunker"/>. Options: <see cref="OnnxEmbeddingOptions"/> from <paramref name="configSection"/>,
    /// <see cref="ChunkingOptions"/> from its "Chunking" subsection. The model loads on first use.
    /// </summary>
    public static IHostApplicationBuilder AddOnnxEmbeddings(this IHostApplicationBuilder builder, string configSection = "Embeddings")
    {
        ArgumentNullException.ThrowIfNull(builder);
        IConfigurationSection section = builder.Configuration.GetSection(configSection);
        builder.Services.AddOptions<OnnxEmbeddingOptions>()
            .BindConfiguration(configSection)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OnnxEmbeddingOptions>, OnnxEmbeddingOptionsValidator>());
        builder.Services.AddOptions<ChunkingOptions>().Bind(section.GetSection("Chunking"));

        builder.Services.AddSingleton(sp => new OnnxEmbeddingGenerator(
            sp.GetRequiredService<IOptions<OnnxEmbeddingOptions>>().Value,
            sp.GetService<ILogger<OnnxEmbeddingGenerator>>()));
        builder.Services.AddSingleton<ITextTokenizer>(sp => sp.GetRequiredService<OnnxEmbeddingGenerator>());
        builder.Services.AddSingleton(sp => new TextChunker(
            sp.GetRequiredService<ITextTokenizer>(),
            sp.GetRequiredService<IOptions<ChunkingOptions>>().Value));
        builder.Services.AddEmbeddingGenerator(sp => sp.GetRequiredService<OnnxEmbeddingGenerator>())
            .UseOpenTelemetry(sourceName: TelemetrySourceName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EmbeddingGenerators>();
        return builder;
    }

    /// <summary>"id/dimensions" of the model configured in <paramref name="configSection"/>: what a vector collection
    /// records, so that a collection built with another model is refused rather than mixed with this one.</summary>
    public static string EmbeddingVectorSpace(this IHostApplicationBuilder builder, string configSection = "Embeddings")
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(configSection).Get<OnnxEmbeddingOptions>() ?? new OnnxEmbeddingOptions();
        EmbeddingModel model = EmbeddingModels.Resolve(options);
        return model.VectorSpace;
    }
}
