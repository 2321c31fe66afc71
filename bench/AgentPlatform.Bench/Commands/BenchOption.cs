using System.CommandLine;
using System.CommandLine.Parsing;

namespace AgentPlatform.Bench.Commands;

/// <summary>The option shapes the benchmarks share: "--name value", integers positive, lists comma-separated in one value (help shows each default).</summary>
internal static class BenchOption
{
    public static Option<int> PositiveInt(string name, int defaultValue, string description)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result => RejectNonPositive(result, result.GetValueOrDefault<int>()));
        return option;
    }

    /// <summary>A positive integer, or null when the option is absent.</summary>
    public static Option<int?> OptionalPositiveInt(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(result => RejectNonPositive(result, result.GetValueOrDefault<int?>() ?? 1));
        return option;
    }

    public static Option<int[]> PositiveInts(string name, int[] defaultValue, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.ExactlyOne,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            string text = result.Tokens.Single().Value;
            int[] values = [.. text.Split(',', StringSplitOptions.TrimEntries).Select(part => int.TryParse(part, out int value) ? value : 0)];
            if (values.Any(value => value <= 0))
                result.AddError($"{name} needs comma-separated positive integers, got '{text}'.");
            return values;
        },
    };

    public static Option<string[]> List(string name, string[] defaultValue, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.ExactlyOne,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => result.Tokens.Single().Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
    };

    public static Option<string?> Text(string name, string description) => new(name) { Description = description };

    private static void RejectNonPositive(OptionResult result, int value)
    {
        if (value <= 0)
            result.AddError($"{result.Option.Name} needs a positive integer, got '{string.Join(' ', result.Tokens.Select(t => t.Value))}'.");
    }
}
