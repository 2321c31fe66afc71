using AgentPlatform.Storage.Configuration;

namespace AgentPlatform.Storage.Relational;

/// <summary>The relational store (section <c>AgentPlatform:Relational</c>): SQLite on the local backend, SQL Server on
/// containers (<c>AgentPlatform:Backend</c> decides).</summary>
public sealed class RelationalStoreSettings : StoreSettings
{
    public const string SectionName = "AgentPlatform:Relational";

    /// <summary>How long one SQL command may run; null keeps the provider's default (30 s).</summary>
    public TimeSpan? CommandTimeout { get; set; }
}
