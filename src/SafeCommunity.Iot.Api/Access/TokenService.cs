using System.Collections.Concurrent;
using System.Security.Cryptography;
using SafeCommunity.Iot.Core.Access;

namespace SafeCommunity.Iot.Api.Access;

/// <summary>
/// Creates, revokes and checks bearer tokens. Tokens are read from the store once and kept in memory; every change
/// is stored first. Checking compares hashes in constant time, and takes the same path for an unknown id.
/// </summary>
public sealed class TokenService
{
    private readonly IAccessStore _store;
    private readonly TimeProvider _time;
    private readonly Lazy<ConcurrentDictionary<string, ApiToken>> _tokens;
    private readonly byte[] _decoyHash = new byte[32];

    /// <summary>Creates the service over <paramref name="store"/>.</summary>
    public TokenService(IAccessStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
        _tokens = new(() => new ConcurrentDictionary<string, ApiToken>(store.LoadTokens().ToDictionary(t => t.Id, StringComparer.Ordinal)));
    }

    /// <summary>Every token, revoked ones included, oldest first.</summary>
    public IReadOnlyList<ApiToken> All => [.. _tokens.Value.Values.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal)];

    /// <summary>Whether a token that is in force has the administrator role.</summary>
    public bool HasValidAdmin => _tokens.Value.Values.Any(t => t.Role == AccessRole.Admin && t.IsValidAt(_time.GetUtcNow()));

    /// <summary>The token with id <paramref name="id"/>.</summary>
    public ApiToken? Find(string id) => _tokens.Value.GetValueOrDefault(id);

    /// <summary>The token a bearer string stands for, if it is one and is in force; null otherwise.</summary>
    public ApiToken? Authenticate(string bearer)
    {
        ArgumentNullException.ThrowIfNull(bearer);
        var hash = TokenSecret.Hash(bearer);
        ApiToken? token = null;
        if (TokenSecret.TryReadId(bearer, out var id))
        {
            _tokens.Value.TryGetValue(id, out token);
        }

        var matches = CryptographicOperations.FixedTimeEquals(hash, token?.SecretHash ?? _decoyHash);
        return matches && token!.IsValidAt(_time.GetUtcNow()) ? token : null;
    }

    /// <summary>Creates and stores a token; returns it with its bearer string, which is not kept anywhere.</summary>
    public (ApiToken Token, string Bearer) Create(
        string name, AccessRole role, IReadOnlyList<string> communityIds, string? principal, DateTimeOffset? expiresAt, string createdBy)
    {
        var id = TokenSecret.NewId();
        var bearer = TokenSecret.NewBearer(id);
        var token = new ApiToken
        {
            Id = id,
            Name = name,
            Role = role,
            CommunityIds = communityIds,
            Principal = principal,
            SecretHash = TokenSecret.Hash(bearer),
            CreatedAt = _time.GetUtcNow(),
            CreatedBy = createdBy,
            ExpiresAt = expiresAt,
        };
        _store.AddToken(token);
        _tokens.Value[id] = token;
        return (token, bearer);
    }

    /// <summary>Revokes a token at once; null when there is no such token.</summary>
    public ApiToken? Revoke(string id)
    {
        var revoked = _store.RevokeToken(id, _time.GetUtcNow());
        if (revoked is not null)
        {
            _tokens.Value[id] = revoked;
        }

        return revoked;
    }
}
