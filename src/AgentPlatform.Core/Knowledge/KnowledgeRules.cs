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

    public static Dictionary<string, string[]> Validate(KnowledgeInput input, string prefix = "")
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[prefix + field] = [message];
        void FailOnBadText(string field, string? value, bool freeText)
        {
            if (!errors.ContainsKey(prefix + field) && TextRules.Check(field, value, freeText) is { } message) Fail(field, message);
        }

        if (TextRules.IsBlank(input.Title)) Fail("title", "title is required.");
        else if (input.Title!.Length > MaxTitleLength) Fail("title", $"title is {input.Title.Length} characters; the limit is {MaxTitleLength}.");
        if (TextRules.IsBlank(input.Content)) Fail("content", "content is required.");
        else if (input.Content!.Length > MaxContentLength) Fail("content", $"content is {input.Content.Length} characters; the limit is {MaxContentLength}.");
        if (input.Category is { Length: > MaxCategoryLength }) Fail("category", $"category is longer than {MaxCategoryLength} characters.");
        if (input.Source is { Length: > MaxSourceLength }) Fail("source", $"source is longer than {MaxSourceLength} characters.");
        // Sent but blank is refused rather than dropped: silently storing the entry without its agent would change who owns it.
        if (input.AgentId is not null && TextRules.IsBlank(input.AgentId)) Fail("agentId", "agentId must not be blank; leave it out for an entry of no agent.");
        else if (input.AgentId is { Length: > TextRules.MaxIdLength }) Fail("agentId", $"agentId is longer than {TextRules.MaxIdLength} characters.");
        if (input.Tags is { } tags)
        {
            if (tags.Count > MaxTags) Fail("tags", $"{tags.Count} tags; the limit is {MaxTags}.");
            else if (tags.Any(TextRules.IsBlank)) Fail("tags", "tags must not be empty.");
            else if (tags.FirstOrDefault(t => t.Length > MaxTagLength) is { } longTag) Fail("tags", $"tag '{longTag[..16]}...' is longer than {MaxTagLength} characters.");
            else if (tags.Select(t => TextRules.Check("each tag", t, freeText: false)).FirstOrDefault(m => m is not null) is { } tagProblem) Fail("tags", tagProblem);
        }
        FailOnBadText("title", input.Title, freeText: false);
        FailOnBadText("content", input.Content, freeText: true);
        FailOnBadText("category", input.Category, freeText: false);
        FailOnBadText("source", input.Source, freeText: false);
        FailOnBadText("agentId", input.AgentId, freeText: false);
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
