using AgentPlatform.Contracts;
using System.Security.Cryptography;
using System.Text;
using AgentPlatform.Domain;
using AgentPlatform.Validation;

namespace AgentPlatform.Knowledge;

/// <summary>Limits and normalisation for knowledge input; errors are keyed by the JSON field name.</summary>
public static class KnowledgeRules
{
    public const int MaxTitleLength = 512;
    public const int MaxContentLength = 1024 * 1024;
    public const int MaxTags = 32;
    public const int MaxTagLength = 64;
    public const int MaxCategoryLength = 128;
    public const int MaxSourceLength = 2048;
    public const int MaxBatchSize = 1000;

    /// <summary>The entry's fields checked with the platform's request rules; <paramref name="prefix"/> ("entries[3].")
    /// keys the errors of a batch item.</summary>
    public static RequestErrors Validate(KnowledgeInput input, string prefix = "")
    {
        var errors = new RequestErrors();
        errors.Label(prefix + "title", input.Title, MaxTitleLength, required: true);
        errors.Text(prefix + "content", input.Content, MaxContentLength, required: true);
        // A blank category or source is none (they are optional descriptions, not ids).
        if (!TextRules.IsBlank(input.Category)) errors.Label(prefix + "category", input.Category, MaxCategoryLength, required: true);
        if (!TextRules.IsBlank(input.Source)) errors.Label(prefix + "source", input.Source, MaxSourceLength, required: true);
        errors.Id(prefix + "agentId", input.AgentId, required: false);
        if (input.Tags is { } tags)
        {
            var field = prefix + "tags";
            if (tags.Count > MaxTags) errors.Add(field, $"{field} holds {tags.Count} tags; the limit is {MaxTags}.");
            else if (tags.Any(TextRules.IsBlank)) errors.Add(field, $"{field} must not hold empty tags.");
            else if (tags.FirstOrDefault(t => t.Length > MaxTagLength) is { } longTag) errors.Add(field, $"tag '{longTag[..16]}...' is longer than {MaxTagLength} characters.");
            else if (tags.Select(t => TextRules.Check("each tag", t, freeText: false)).FirstOrDefault(m => m is not null) is { } tagProblem) errors.Add(field, tagProblem);
        }
        return errors;
    }

    /// <summary>Tags are trimmed, NFC-normalised, lower-cased and de-duplicated so filters match regardless of spelling.</summary>
    public static IReadOnlyList<string> NormalizeTags(IReadOnlyList<string>? tags) =>
        tags is null ? [] : tags.Select(t => TextRules.Nfc(t.Trim()).ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>SHA-256 over the trimmed, NFC-normalised title and content: a resubmission of the same text is a
    /// duplicate, whichever Unicode form it was typed in.</summary>
    public static string ContentHash(string title, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(TextRules.Nfc(title.Trim()) + "\n\u001f\n" + TextRules.Nfc(content.Trim()));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    public static KnowledgeEntry NewEntry(string tenantId, KnowledgeInput input, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        TenantId = TenantIds.Require(tenantId),
        Title = TextRules.Nfc(input.Title!.Trim()),
        Content = TextRules.Nfc(input.Content!),
        Category = Category(input.Category),
        Tags = NormalizeTags(input.Tags),
        Source = string.IsNullOrWhiteSpace(input.Source) ? null : input.Source.Trim(),
        // Kept exactly as sent, like session agent ids, so filters and analytics match the id the agent uses.
        AgentId = input.AgentId,
        ContentHash = ContentHash(input.Title!, input.Content!),
        CreatedAt = now,
        UpdatedAt = now,
    };

    public static Ports.KnowledgeUpdate ToUpdate(KnowledgeInput input) => new(
        TextRules.Nfc(input.Title!.Trim()), TextRules.Nfc(input.Content!),
        Category(input.Category),
        NormalizeTags(input.Tags),
        string.IsNullOrWhiteSpace(input.Source) ? null : input.Source.Trim(),
        ContentHash(input.Title!, input.Content!));

    /// <summary>The category as stored and as filters compare it: trimmed and NFC-normalised; blank is none.</summary>
    public static string? Category(string? category) => string.IsNullOrWhiteSpace(category) ? null : TextRules.Nfc(category.Trim());
}
