namespace AgentPlatform.Bench;

/// <summary>"--name value" pairs after the command.</summary>
internal sealed class CommandLineOptions
{
    private readonly Dictionary<string, string> _values;

    private CommandLineOptions(Dictionary<string, string> values) => _values = values;

    public static CommandLineOptions Parse(ReadOnlySpan<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new UsageException($"Expected '--name value', got '{args[i]}'.");
            values[args[i][2..]] = args[i + 1];
        }
        return new CommandLineOptions(values);
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public int GetInt(string name, int defaultValue) =>
        Get(name) is { } text ? ParsePositive(name, text) : defaultValue;

    /// <summary>A positive integer, or null when the option is absent.</summary>
    public int? GetOptionalInt(string name) =>
        Get(name) is { } text ? ParsePositive(name, text) : null;

    public int[] GetInts(string name, int[] defaultValue) =>
        Get(name) is { } text ? [.. text.Split(',', StringSplitOptions.TrimEntries).Select(part => ParsePositive(name, part))] : defaultValue;

    public string[] GetList(string name, string[] defaultValue) =>
        Get(name) is { } text ? text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : defaultValue;

    private static int ParsePositive(string name, string text) =>
        int.TryParse(text, out int value) && value > 0 ? value : throw new UsageException($"--{name} needs positive integers, got '{text}'.");
}

/// <summary>A run that cannot start as asked (bad option, missing input or build output): the message and the usage are printed.</summary>
internal sealed class UsageException(string message) : Exception(message);
