using AgentPlatform.Validation;
using ModelContextProtocol;

namespace AgentPlatform.McpServer;

/// <summary>Tool arguments are checked with the platform's own request rules (<see cref="RequestErrors"/>) before any
/// call; the refusals become one tool error that names every bad argument at once, as the APIs' 400 answers name
/// every bad field.</summary>
public static class ToolErrors
{
    /// <summary>Throws the tool error when any argument was refused.</summary>
    public static void ThrowIfInvalid(this RequestErrors errors)
    {
        if (errors.Count > 0) throw Refused(errors);
    }

    public static McpException Refused(IEnumerable<KeyValuePair<string, string[]>> errors) =>
        new("Invalid arguments: " + string.Join(" ", errors.SelectMany(e => e.Value.Select(reason => $"'{e.Key}': {reason}"))));
}
