using System.Collections;
using AgentPlatform.Domain;

namespace AgentPlatform.Validation;

/// <summary>The platform's request rules, one per kind of value (ids, labels, free text, GUIDs, ranges, paging, enums,
/// time ranges), collected per field. Every API endpoint and every MCP tool checks its input with these, so one kind
/// of value is refused with one text everywhere. Errors are keyed by the field as the caller wrote it
/// ("filters.agentId", "entries[3].title"), each text names that field and the limit it broke, and the first error of
/// a field is the one kept (the later checks of a field assume the earlier ones passed).</summary>
public sealed class RequestErrors : IEnumerable<KeyValuePair<string, string[]>>
{
    private readonly Dictionary<string, string[]> _errors = new();

    public int Count => _errors.Count;

    public void Add(string field, string message) => _errors.TryAdd(field, [message]);

    /// <summary>Adds another check's errors (each already keyed by its full field name).</summary>
    public void AddRange(RequestErrors other)
    {
        foreach (var (field, messages) in other._errors) _errors.TryAdd(field, messages);
    }

    /// <summary>An agent, user, state-type or intent id: at most <see cref="TextRules.MaxIdLength"/> characters, a label
    /// (<see cref="TextRules.Problem"/>). Sent but blank is refused rather than dropped: silently ignoring it would change
    /// what the request means (whose entry, which agent's sessions).</summary>
    public string? Id(string field, string? value, bool required) => Label(field, value, TextRules.MaxIdLength, required);

    /// <summary>A label (title, tag, category, id): at most <paramref name="maxLength"/> characters, something visible,
    /// no control characters, bidi controls, BOM or noncharacters.</summary>
    public string? Label(string field, string? value, int maxLength, bool required)
    {
        if (!Present(field, value, required)) return null;
        if (value!.Length > maxLength) Add(field, $"{field} is longer than {maxLength} characters.");
        else if (TextRules.Check(field, value, freeText: false) is { } problem) Add(field, problem);
        return value;
    }

    /// <summary>Free text (content, input, output, a query): at most <paramref name="maxLength"/> characters, something
    /// visible; tab, line breaks and C1 characters are allowed.</summary>
    public string? Text(string field, string? value, int maxLength, bool required)
    {
        if (!Present(field, value, required)) return null;
        if (value!.Length > maxLength) Add(field, $"{field} is longer than {maxLength} characters.");
        else if (TextRules.Check(field, value, freeText: true) is { } problem) Add(field, problem);
        return value;
    }

    /// <summary>A search query: any text, since what it holds is searched for and never interpreted, but something,
    /// and at most <paramref name="maxLength"/> characters.</summary>
    public string? Query(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, $"{field} is required.");
        else if (value.Length > maxLength) Add(field, $"{field} is longer than {maxLength} characters.");
        return value;
    }

    /// <summary>An id the platform gave out (session, message, entry) sent as text; null when absent or malformed.</summary>
    public Guid? Guid(string field, string? value, bool required)
    {
        if (value is null)
        {
            if (required) Add(field, $"{field} is required.");
            return null;
        }
        if (System.Guid.TryParse(value, out var id)) return id;
        Add(field, $"{field} must be an id (a GUID) returned by an earlier call.");
        return null;
    }

    public int Range(string field, int value, int min, int max)
    {
        if (value < min || value > max) Add(field, $"{field} must be between {min} and {max}.");
        return value;
    }

    /// <summary>Offset paging: offset from 0, limit from 1 to <paramref name="maxLimit"/>.</summary>
    public PageRequest Page(int offset, int limit, int maxLimit = PageRequest.MaxLimit)
    {
        if (offset < 0) Add("offset", "offset must be 0 or more.");
        Range("limit", limit, 1, maxLimit);
        return new PageRequest(Math.Max(offset, 0), limit);
    }

    /// <summary>An optional enum name, case-insensitive ("completed", "Completed"); names only, no numbers. Null when
    /// left out.</summary>
    public TEnum? Enum<TEnum>(string field, string? value) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        // Only an exact name: Enum.TryParse alone would also take "1", " +1" and "a, b" (flag combinations).
        if (System.Enum.GetNames<TEnum>().FirstOrDefault(n => n.Equals(value, StringComparison.OrdinalIgnoreCase)) is { } name) return System.Enum.Parse<TEnum>(name);
        Add(field, $"{field} must be one of {Names<TEnum>()}.");
        return null;
    }

    public TEnum Required<TEnum>(string field, string? value) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, $"{field} is required: one of {Names<TEnum>()}.");
        return Enum<TEnum>(field, value) ?? default;
    }

    /// <summary>An enum value a JSON body already bound: present and one of the defined names.</summary>
    public TEnum? Defined<TEnum>(string field, TEnum? value) where TEnum : struct, Enum
    {
        if (value is null || !System.Enum.IsDefined(value.Value)) Add(field, $"{field} must be one of {Names<TEnum>()}.");
        return value;
    }

    /// <summary>A time window: the start is not after the end.</summary>
    public void Window(string fromField, DateTimeOffset? from, string toField, DateTimeOffset? to)
    {
        if (from is { } start && to is { } end && start > end) Add(fromField, $"{fromField} is after {toField}.");
    }

    /// <summary>A time a caller may give a record (an imported session or message): in the past, and not before 1970, so
    /// time filters and analytics stay true.</summary>
    public DateTimeOffset? Past(string field, DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is not { } at) return null;
        if (at > now) Add(field, $"{field} {at:O} is in the future; the latest accepted time is now ({now:O}).");
        else if (at < DateTimeOffset.UnixEpoch) Add(field, $"{field} {at:O} is before 1970-01-01T00:00:00Z, the earliest accepted time.");
        return time;
    }

    /// <summary>A copy, for answers that carry errors per item (a batch's invalid entries).</summary>
    public Dictionary<string, string[]> ToDictionary() => new(_errors);

    public IEnumerator<KeyValuePair<string, string[]>> GetEnumerator() => _errors.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>False (and the error) when a required value is missing, or an optional one was sent blank.</summary>
    private bool Present(string field, string? value, bool required)
    {
        if (!TextRules.IsBlank(value)) return true;
        if (required) Add(field, $"{field} is required.");
        else if (value is not null) Add(field, $"{field} must not be blank; leave it out instead.");
        return false;
    }

    private static string Names<TEnum>() where TEnum : struct, Enum =>
        string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
}
