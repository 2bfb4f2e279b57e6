using Grpc.Core;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Api.Access;
using SafeCommunity.Iot.Api.Diagnostics;
using SafeCommunity.Iot.Api.Mapping;
using SafeCommunity.Iot.Api.Requests;
using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.Registry;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Administration;

/// <summary>The <c>Administration</c> service: tokens and the audit log, for administrators.</summary>
internal sealed class AdministrationService : V1.Administration.AdministrationBase
{
    private readonly TokenService _tokens;
    private readonly IAccessStore _store;
    private readonly DeviceRegistry _registry;
    private readonly AuditTrail _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<AdministrationService> _logger;

    public AdministrationService(
        TokenService tokens, IAccessStore store, DeviceRegistry registry, AuditTrail audit, TimeProvider time, ILogger<AdministrationService> logger)
    {
        _tokens = tokens;
        _store = store;
        _registry = registry;
        _audit = audit;
        _time = time;
        _logger = logger;
    }

    public override Task<V1.CreateTokenResponse> CreateToken(V1.CreateTokenRequest request, ServerCallContext context)
    {
        var caller = Administrator(context, "create tokens");
        var name = RequestChecks.Text(request.Name, "name", 200);
        var role = (AccessRole)(int)RequestChecks.Defined(request.Role, "role");
        var principal = RequestChecks.Text(request.Principal, "principal", 200, optional: true);
        var communities = request.CommunityIds.Select(c => RequestChecks.Text(c, "community_ids", 128)).Distinct(StringComparer.Ordinal).ToList();
        switch (role)
        {
            case AccessRole.Post when communities.Count == 0:
                throw ApiErrors.Invalid("community_ids", "a post token covers at least one community.");
            case AccessRole.Post when communities.FirstOrDefault(c => !_registry.TryGetCommunity(c, out _)) is { } unknown:
                throw ApiErrors.Invalid("community_ids", $"community '{unknown}' is not enrolled.");
            case AccessRole.Family or AccessRole.Owner when principal.Length == 0:
                throw ApiErrors.Invalid("principal", "a family or owner token names its household or owner (the devices' owner).");
            case not AccessRole.Post when communities.Count > 0:
                throw ApiErrors.Invalid("community_ids", "only post tokens cover communities.");
            case AccessRole.Admin or AccessRole.Post when principal.Length > 0:
                throw ApiErrors.Invalid("principal", "only family and owner tokens name a principal.");
            default:
                break;
        }

        DateTimeOffset? expires = request.ExpiresAt?.ToDateTimeOffset();
        if (expires <= _time.GetUtcNow())
        {
            throw ApiErrors.Invalid("expires_at", "is in the past.");
        }

        var (token, bearer) = _tokens.Create(name, role, communities, principal.Length == 0 ? null : principal, expires, caller.Name);
        _audit.Record(caller, AuditActions.TokenCreate, Target(token.Id), $"{role} token '{name}'");
        ApiLog.TokenCreated(_logger, token.Id, role, caller.Name);
        return Task.FromResult(new V1.CreateTokenResponse { Token = ToProto(token), Secret = bearer });
    }

    public override Task<V1.TokenInfo> RevokeToken(V1.RevokeTokenRequest request, ServerCallContext context)
    {
        var caller = Administrator(context, "revoke tokens");
        var id = RequestChecks.Text(request.TokenId, "token_id", 64);
        var revoked = _tokens.Revoke(id) ?? throw ApiErrors.NotFound(Target(id));
        _audit.Record(caller, AuditActions.TokenRevoke, Target(id));
        ApiLog.TokenRevoked(_logger, id, caller.Name);
        return Task.FromResult(ToProto(revoked));
    }

    public override Task<V1.ListTokensResponse> ListTokens(V1.ListTokensRequest request, ServerCallContext context)
    {
        Administrator(context, "list tokens");
        var response = new V1.ListTokensResponse();
        response.Tokens.AddRange(_tokens.All.Where(t => request.IncludeRevoked || t.RevokedAt is null).Select(ToProto));
        return Task.FromResult(response);
    }

    public override Task<V1.ListAuditResponse> ListAudit(V1.ListAuditRequest request, ServerCallContext context)
    {
        Administrator(context, "read the audit log");
        var paging = Paging.Read(request.Page);
        var records = _store.ListAudit(new AuditQuery(
            request.Since?.ToDateTimeOffset(),
            request.Action.Length == 0 ? null : request.Action,
            request.TokenId.Length == 0 ? null : request.TokenId,
            paging.BeforeId,
            paging.Size));
        var response = new V1.ListAuditResponse
        {
            NextPageToken = records.Count == 0 ? string.Empty : paging.NextToken(records.Count, records[^1].Id),
        };
        response.Entries.AddRange(records.Select(r => new V1.AuditEntry
        {
            Id = r.Id,
            At = r.At.ToProto(),
            TokenId = r.TokenId,
            Actor = r.Actor,
            Action = r.Action,
            Target = r.Target,
            Detail = r.Detail ?? string.Empty,
        }));
        return Task.FromResult(response);
    }

    public override Task<V1.TokenInfo> WhoAmI(V1.WhoAmIRequest request, ServerCallContext context) =>
        Task.FromResult(ToProto(context.Caller().Token));

    private static string Target(string tokenId) => $"token {tokenId}";

    private static Caller Administrator(ServerCallContext context, string what)
    {
        var caller = context.Caller();
        return caller.IsAdmin ? caller : throw ApiErrors.Denied(what);
    }

    private static V1.TokenInfo ToProto(ApiToken token)
    {
        var info = new V1.TokenInfo
        {
            Id = token.Id,
            Name = token.Name,
            Role = (V1.Role)(int)token.Role,
            Principal = token.Principal ?? string.Empty,
            CreatedAt = token.CreatedAt.ToProto(),
            CreatedBy = token.CreatedBy,
            ExpiresAt = token.ExpiresAt.ToProto(),
            RevokedAt = token.RevokedAt.ToProto(),
        };
        info.CommunityIds.AddRange(token.CommunityIds);
        return info;
    }
}
