using SafeCommunity.Iot.Contracts.V1;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Tests.Support;

/// <summary>Tokens of every role, made by the administrator over the API.</summary>
internal sealed class Roles
{
    /// <summary>Grandma Wang's wristband (household-wf-001, Wufu).</summary>
    public const uint GrandmaWang = 570425345;

    /// <summary>Grandpa Li's wristband (another household of Wufu).</summary>
    public const uint GrandpaLi = 570425346;

    /// <summary>A Wufu owner's blue Yadea e-bike (owner-wf-001).</summary>
    public const uint BlueBike = 285212673;

    private Roles(Dictionary<string, string?> tokens) => Tokens = tokens;

    /// <summary>Role name → bearer token (null: no token at all).</summary>
    public IReadOnlyDictionary<string, string?> Tokens { get; }

    public static async Task<Roles> CreateAsync(ApiGateway gateway)
    {
        var admin = new V1.Administration.AdministrationClient(gateway.Channel(gateway.AdminToken));
        async Task<string> Make(string name, Role role, string? community = null, string? principal = null)
        {
            var request = new CreateTokenRequest { Name = name, Role = role, Principal = principal ?? string.Empty };
            if (community is not null)
            {
                request.CommunityIds.Add(community);
            }

            return (await admin.CreateTokenAsync(request)).Secret;
        }

        return new Roles(new Dictionary<string, string?>
        {
            ["none"] = null,
            ["admin"] = gateway.AdminToken,
            ["post-wufu"] = await Make("Wufu police room", Role.Post, community: "wufu"),
            ["post-tiangu"] = await Make("Tiangu police room", Role.Post, community: "tiangu"),
            ["family"] = await Make("Wang family", Role.Family, principal: "household-wf-001"),
            ["owner"] = await Make("Owner of the blue Yadea", Role.Owner, principal: "owner-wf-001"),
        });
    }
}
