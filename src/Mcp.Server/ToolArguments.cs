using AgentPlatform.ServiceDefaults;
using AgentPlatform.Validation;
using ModelContextProtocol;

namespace AgentPlatform.McpServer;

/// <summary>Checks tool arguments with the platform's own rules before any call, and collects the refusals so that
/// the tool error names every bad argument at once, as the APIs' 400 answers name every bad field.</summary>
public sealed class ToolArguments
{
    private readonly Dictionary<string, string[]> _errors = new();

    public Dictionary<string, string[]> Errors => _errors;

    /// <summary>An agent, user or state id: at most <see cref="TextRules.MaxIdLength"/> characters, no control characters.</summary>
    public string? Id(string name, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) _errors[name] = [$"{name} is required."];
            else if (value is not null) _errors[name] = [$"{name} must not be blank; leave it out instead."];
            return null;
        }
        if (value.Length > TextRules.MaxIdLength) _errors[name] = [$"{name} is longer than {TextRules.MaxIdLength} characters."];
        else if (TextRules.Check(name, value, freeText: false) is { } problem) _errors[name] = [problem];
        return value;
    }

    /// <summary>Free text that must be present and at most <paramref name="maxLength"/> characters.</summary>
    public string? Text(string name, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) _errors[name] = [$"{name} is required."];
        else if (value.Length > maxLength) _errors[name] = [$"{name} is longer than {maxLength} characters."];
        else if (TextRules.Check(name, value, freeText: true) is { } problem) _errors[name] = [problem];
        return value;
    }

    public Guid? Guid(string name, string? value, bool required)
    {
        if (value is null)
        {
            if (required) _errors[name] = [$"{name} is required."];
            return null;
        }
        if (System.Guid.TryParse(value, out var id)) return id;
        _errors[name] = [$"{name} must be an id (a GUID) returned by an earlier call."];
        return null;
    }

    public int Range(string name, int value, int min, int max)
    {
        if (value < min || value > max) _errors[name] = [$"{name} must be between {min} and {max}."];
        return value;
    }

    /// <summary>An optional enum name (case-insensitive); null when left out.</summary>
    public TEnum? Enum<TEnum>(string name, string? value) where TEnum : struct, Enum => EnumQuery.Parse<TEnum>(value, name, _errors);

    public TEnum Required<TEnum>(string name, string? value) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
            _errors[name] = [$"{name} is required: one of {string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}."];
        return Enum<TEnum>(name, value) ?? default;
    }

    /// <summary>Throws the tool error when any argument was refused.</summary>
    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0) throw Refused(_errors);
    }

    public static McpException Refused(IReadOnlyDictionary<string, string[]> errors) =>
        new("Invalid arguments: " + string.Join(" ", errors.SelectMany(e => e.Value.Select(reason => $"'{e.Key}': {reason}"))));
}
