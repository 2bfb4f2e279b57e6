namespace SafeCommunity.Iot.Core.Access;

/// <summary>Tokens and the audit log, kept in the embedded store.</summary>
public interface IAccessStore
{
    /// <summary>Every token, revoked ones included.</summary>
    IReadOnlyList<ApiToken> LoadTokens();

    /// <summary>Adds a token.</summary>
    void AddToken(ApiToken token);

    /// <summary>Marks a token revoked at <paramref name="at"/>; returns it, or null when there is no such token.</summary>
    ApiToken? RevokeToken(string tokenId, DateTimeOffset at);

    /// <summary>Appends a line to the audit log and returns it with its id.</summary>
    AuditRecord Audit(AuditRecord record);

    /// <summary>Appends several lines in one transaction (one write to disk): all of them are stored, or none.</summary>
    void AuditAll(IReadOnlyList<AuditRecord> records);

    /// <summary>Deletes audit lines older than <paramref name="olderThan"/>; returns how many.</summary>
    int PruneAudit(DateTimeOffset olderThan);

    /// <summary>Audit lines newest first, as <paramref name="query"/> asks.</summary>
    IReadOnlyList<AuditRecord> ListAudit(AuditQuery query);
}

/// <summary>Which audit lines to read.</summary>
/// <param name="Since">Only lines at or after this time.</param>
/// <param name="Action">Only this action.</param>
/// <param name="TokenId">Only this token.</param>
/// <param name="BeforeId">Only lines older than this id (paging).</param>
/// <param name="Limit">At most this many.</param>
public sealed record AuditQuery(DateTimeOffset? Since, string? Action, string? TokenId, long? BeforeId, int Limit);
