namespace AgentPlatform.Tests.Support;

/// <summary>Connection strings for live suites against servers that cannot run on the CI machine.
/// A suite whose variable is unset reports its tests skipped with the variable's name as the reason.</summary>
public static class LiveStore
{
    public const string SqlServerVariable = "AGENTPLATFORM_TEST_SQLSERVER";
    public const string MongoVariable = "AGENTPLATFORM_TEST_MONGO";
    public const string ElasticVariable = "AGENTPLATFORM_TEST_ELASTIC";

    public static string? ConnectionString(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;

    /// <summary>Skips the calling test unless the variable is set; returns its value.</summary>
    public static string Require(string variable)
    {
        var value = ConnectionString(variable);
        if (value is null)
            Assert.Skip($"{variable} is not set: no live server for this suite on this machine.");
        return value;
    }
}
