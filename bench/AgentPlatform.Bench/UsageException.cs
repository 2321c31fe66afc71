namespace AgentPlatform.Bench;

/// <summary>A run that cannot start as asked (missing input or build output): its message is printed, with a pointer to --help.</summary>
internal sealed class UsageException(string message) : Exception(message);
