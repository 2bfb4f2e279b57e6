namespace SafeCommunity.Iot.Core.Access;

/// <summary>
/// A bearer token as the gateway keeps it: who holds it and what it covers. The secret itself is never kept, only
/// its SHA-256 (<see cref="SecretHash"/>); the secret is random enough that a fast hash is a safe one.
/// </summary>
public sealed record ApiToken
{
    /// <summary>Its public id (<c>t-</c> and 12 hex digits); the first part of the bearer string.</summary>
    public required string Id { get; init; }

    /// <summary>Who holds it ("Wufu police room", "Wang family"); the actor in the audit log and on alarms.</summary>
    public required string Name { get; init; }

    /// <summary>What it may do.</summary>
    public required AccessRole Role { get; init; }

    /// <summary>For a post: the communities it covers.</summary>
    public IReadOnlyList<string> CommunityIds { get; init; } = [];

    /// <summary>For a family or an owner: the household or owner, as devices name it (<see cref="Registry.Device.Owner"/>).</summary>
    public string? Principal { get; init; }

    /// <summary>SHA-256 of the secret.</summary>
    public required byte[] SecretHash { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The token that created it (its name), or <c>gateway</c> for the first administrator token.</summary>
    public required string CreatedBy { get; init; }

    /// <summary>When it stops working; null for never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When it was revoked; null while it is in force.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Whether it is accepted at <paramref name="now"/>.</summary>
    public bool IsValidAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is not { } expires || now < expires);

    /// <summary>The token as text for logs: id, name and role, never the hash.</summary>
    public override string ToString() => $"token {Id} ({Role})";
}
